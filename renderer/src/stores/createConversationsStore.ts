import { batch, createMemo, createSignal } from 'solid-js';
import { createStore, produce, reconcile } from 'solid-js/store';
import type { ParleyApi } from '../api';
import type { ConversationSummary, Presence, User } from '../../../shared/domain';

export function createConversationsStore(api: ParleyApi) {
  const [byId, setById] = createStore<Record<string, ConversationSummary>>({});
  const [typing, setTyping] = createStore<Record<string, User[]>>({});
  const [presence, setPresence] = createStore<Record<string, Presence>>({});
  const [activeId, setActiveId] = createSignal<string | null>(null);
  const [loaded, setLoaded] = createSignal(false);
  /** The list asked for at app start, before the session was known (see `prefetch`). */
  let early: Promise<ConversationSummary[]> | null = null;

  const sorted = createMemo(() =>
    Object.values(byId).sort((a, b) => b.lastActivity - a.lastActivity || a.title.localeCompare(b.title)),
  );
  const active = () => {
    const id = activeId();
    return id === null ? null : (byId[id] ?? null);
  };

  const upsert = (conversations: ConversationSummary[]): void => {
    setById(produce((all) => {
      for (const conversation of conversations) all[conversation.id] = conversation;
    }));
  };

  const refreshPresence = async (conversations: ConversationSummary[]): Promise<void> => {
    const userIds = [...new Set(conversations.flatMap((c) => (c.peer ? [c.peer.id] : [])))].slice(0, 100);
    if (userIds.length === 0) return;
    try {
      for (const item of await api.getPresence({ userIds })) setPresence(item.userId, item);
    } catch {
      // Presence is decoration: offline, the dots simply stay grey.
    }
  };

  const unsubscribers = [
    api.onConversationsChanged(({ conversations }) => {
      const fresh = conversations.filter((c) => c.peer && !byId[c.id]);
      upsert(conversations);
      if (fresh.length > 0) void refreshPresence(fresh);
    }),
    api.onTypingChanged(({ convId, users }) => setTyping(convId, users)),
    api.onPresenceChanged((item) => setPresence(item.userId, item)),
  ];

  const store = {
    byId,
    sorted,
    active,
    activeId,
    loaded,
    typingIn: (convId: string): User[] => typing[convId] ?? [],
    presenceOf: (userId: string): Presence | undefined => presence[userId],
    /**
     * Asks for the list at once, in parallel with the session and settings, so that the first screen does not wait
     * for one round trip after another; the next `load` takes this answer instead of asking again.
     */
    prefetch(): void {
      early = api.listConversations({});
      early.catch(() => undefined);
    },
    /** Drops a prefetched list that must not be shown (nobody was signed in when it was asked for). */
    forgetPrefetch(): void {
      early = null;
    },
    async load(): Promise<void> {
      const pending = early;
      early = null;
      let conversations: ConversationSummary[];
      try {
        conversations = await (pending ?? api.listConversations({}));
      } catch (error) {
        if (!pending) throw error;
        conversations = await api.listConversations({});
      }
      batch(() => {
        setById(reconcile(Object.fromEntries(conversations.map((c) => [c.id, c]))));
        setLoaded(true);
      });
      void refreshPresence(conversations);
    },
    select(convId: string | null): void {
      if (convId === activeId()) return;
      setActiveId(convId);
      void api.setActiveConversation({ convId }).catch(() => undefined);
    },
    async markRead(convId: string): Promise<void> {
      const conversation = byId[convId];
      if (!conversation || conversation.unread === 0) return;
      setById(convId, 'unread', 0);
      try {
        await api.markRead({ convId });
      } catch {
        setById(convId, 'unread', conversation.unread);
      }
    },
    async createDirect(userId: string): Promise<ConversationSummary> {
      const conversation = await api.createDirect({ userId });
      upsert([conversation]);
      void refreshPresence([conversation]);
      return conversation;
    },
    async createGroup(title: string, memberIds: string[]): Promise<ConversationSummary> {
      const conversation = await api.createGroup({ title, memberIds });
      upsert([conversation]);
      return conversation;
    },
    async addMembers(convId: string, userIds: string[]): Promise<void> {
      upsert([await api.addMembers({ convId, userIds })]);
    },
    async removeMember(convId: string, userId: string): Promise<void> {
      upsert([await api.removeMember({ convId, userId })]);
    },
    async leave(convId: string): Promise<void> {
      await api.leaveConversation({ convId });
      setById(convId, 'left', true);
    },
    async rename(convId: string, title: string): Promise<void> {
      const before = byId[convId]?.title;
      setById(convId, 'title', title);
      try {
        upsert([await api.renameGroup({ convId, title })]);
      } catch (error) {
        if (before !== undefined) setById(convId, 'title', before);
        throw error;
      }
    },
    async setMuted(convId: string, muted: boolean): Promise<void> {
      setById(convId, 'muted', muted);
      try {
        upsert([await api.setMuted({ convId, muted })]);
      } catch (error) {
        setById(convId, 'muted', !muted);
        throw error;
      }
    },
    dispose(): void {
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
  return store;
}
export type ConversationsStore = ReturnType<typeof createConversationsStore>;
