import { batch, createSignal } from 'solid-js';
import type { ParleyApi } from '../api';
import type { Message, MessagePage } from '../../../shared/domain';
import { mergeMessages } from '../lib/timeline';

/** The first page: one screenful and a little more, so the conversation paints at once. */
const PAGE = 60;
/**
 * Pages loaded while scrolling: a fling moves ~17 rows a frame, so a page must last several frames to arrive before
 * the viewport reaches the loaded edge. Only the rows on screen are rendered, so a bigger page costs little.
 */
const SCROLL_PAGE = 200;

/**
 * The loaded window of one conversation's history (oldest first). It may not reach the newest message after a
 * jump to an old one (`hasNewer`); live messages are only appended when it does.
 */
export function createTimelineStore(api: ParleyApi, convId: string) {
  const [messages, setMessages] = createSignal<Message[]>([]);
  const [hasOlder, setHasOlder] = createSignal(false);
  const [hasNewer, setHasNewer] = createSignal(false);
  const [loading, setLoading] = createSignal(false);
  const [ready, setReady] = createSignal(false);
  /** The message to bring into view and flash after a jump (search result, reply quote). */
  const [focusId, setFocusId] = createSignal<string | null>(null);
  let generation = 0;

  const replace = (page: MessagePage): void => {
    batch(() => {
      setMessages(page.messages);
      setHasOlder(page.hasOlder);
      setHasNewer(page.hasNewer);
      setReady(true);
    });
  };

  const unsubscribe = api.onMessagesChanged((event) => {
    if (event.convId !== convId) return;
    const known = new Set(messages().map((m) => m.id));
    // A window that stops short of the present only takes updates of what it shows; new ones come with paging.
    const relevant = hasNewer() ? event.messages.filter((m) => known.has(m.id)) : event.messages;
    if (relevant.length > 0) setMessages((current) => mergeMessages(current, relevant));
  });

  /** Runs one page load at a time; a newer full reload makes late answers of older loads void. */
  const load = async (run: () => Promise<void>, exclusive = false): Promise<void> => {
    if (loading() && !exclusive) return;
    setLoading(true);
    try {
      await run();
    } finally {
      setLoading(false);
    }
  };

  const store = {
    convId,
    messages,
    hasOlder,
    hasNewer,
    loading,
    ready,
    focusId,
    clearFocus: () => setFocusId(null),
    async loadLatest(): Promise<void> {
      const mine = ++generation;
      await load(async () => {
        const page = await api.pageMessages({ convId, anchor: { kind: 'latest' }, limit: PAGE });
        if (mine === generation) replace(page);
      }, true);
    },
    /** Loads the history around a message (the first unread one) without drawing attention to it. */
    async loadAround(messageId: string): Promise<void> {
      const mine = ++generation;
      await load(async () => {
        const page = await api.pageMessages({ convId, anchor: { kind: 'around', messageId }, limit: PAGE });
        if (mine === generation) replace(page);
      }, true);
    },
    /** Brings a message into view and flashes it (search hit, reply quote). */
    async jumpTo(messageId: string): Promise<void> {
      if (!messages().some((m) => m.id === messageId)) await store.loadAround(messageId);
      setFocusId(messageId);
    },
    /** `beforePrepend` runs right before the page goes in (to note what is on screen then). */
    async loadOlder(beforePrepend?: () => void): Promise<void> {
      const first = messages()[0];
      if (!first || !hasOlder()) return;
      const mine = generation;
      await load(async () => {
        const page = await api.pageMessages({ convId, anchor: { kind: 'before', sortKey: first.sortKey }, limit: SCROLL_PAGE });
        if (mine !== generation) return;
        beforePrepend?.();
        batch(() => {
          setMessages((current) => mergeMessages(current, page.messages));
          setHasOlder(page.hasOlder);
        });
      });
    },
    async loadNewer(): Promise<void> {
      const last = messages().at(-1);
      if (!last || !hasNewer()) return;
      const mine = generation;
      await load(async () => {
        const page = await api.pageMessages({ convId, anchor: { kind: 'after', sortKey: last.sortKey }, limit: SCROLL_PAGE });
        if (mine !== generation) return;
        batch(() => {
          setMessages((current) => mergeMessages(current, page.messages));
          setHasNewer(page.hasNewer);
        });
      });
    },
    async send(text: string, replyTo?: string): Promise<void> {
      if (hasNewer()) await store.loadLatest();
      const message = await api.sendMessage({ convId, text, ...(replyTo ? { replyTo } : {}) });
      setMessages((current) => mergeMessages(current, [message]));
    },
    async edit(messageId: string, text: string): Promise<void> {
      await store.optimistic(messageId, (m) => ({ ...m, text, edited: true }), () => api.editMessage({ messageId, text }));
    },
    async remove(messageId: string): Promise<void> {
      await store.optimistic(messageId, (m) => ({ ...m, text: '', deleted: true }), () => api.deleteMessage({ messageId }));
    },
    async react(messageId: string, emoji: string, on: boolean): Promise<void> {
      await store.optimistic(messageId, (m) => ({ ...m, reactions: toggleReaction(m, emoji, on) }), () => api.react({ messageId, emoji, on }));
    },
    async retry(messageId: string): Promise<void> {
      await store.optimistic(messageId, (m) => ({ ...m, status: 'pending', error: null }), () => api.retryMessage({ messageId }));
    },
    /** Shows the change at once; puts the old message back if the engine refuses it. */
    async optimistic(messageId: string, change: (m: Message) => Message, call: () => Promise<Message>): Promise<void> {
      const before = messages().find((m) => m.id === messageId);
      if (!before) return;
      setMessages((current) => mergeMessages(current, [change(before)]));
      try {
        const after = await call();
        setMessages((current) => mergeMessages(current, [after]));
      } catch (error) {
        setMessages((current) => mergeMessages(current, [before]));
        throw error;
      }
    },
    dispose: unsubscribe,
  };
  return store;
}
export type TimelineStore = ReturnType<typeof createTimelineStore>;

function toggleReaction(message: Message, emoji: string, on: boolean): Message['reactions'] {
  const existing = message.reactions.find((r) => r.emoji === emoji);
  if (!existing) return on ? [...message.reactions, { emoji, count: 1, mine: true }] : message.reactions;
  if (existing.mine === on) return message.reactions;
  return message.reactions
    .map((r) => (r.emoji === emoji ? { ...r, mine: on, count: r.count + (on ? 1 : -1) } : r))
    .filter((r) => r.count > 0);
}
