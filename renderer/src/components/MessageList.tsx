import { batch, createEffect, createMemo, createSignal, For, Match, on, onCleanup, Show, Switch, untrack } from 'solid-js';
import { createVirtualizer, measureElement as measuredSize } from '@tanstack/solid-virtual';
import type { Message } from '../../../shared/domain';
import { useApp } from '../context';
import { anchoredScrollTop, pickScrollAnchor, type RowOnScreen, type ScrollAnchor } from '../lib/scrollAnchor';
import { buildTimeline, type TimelineRow } from '../lib/timeline';
import type { TimelineStore } from '../stores/createTimelineStore';
import { MessageBubble } from './MessageBubble';
import { SystemLine } from './SystemLine';
import type { MessageActionHandlers } from './MessageActions';

export interface MessageListProps extends MessageActionHandlers {
  timeline: TimelineStore;
  /** Where the "new messages" marker goes: the first unread message when the conversation was opened. */
  firstUnreadId: string | null;
  isGroup: boolean;
  canSend: boolean;
  unread: number;
  onRetry: (message: Message) => void;
  onAtEndChange: (atEnd: boolean) => void;
}

const ESTIMATES = { day: 40, unread: 36, message: 58 } as const;
/** Start fetching a page when the viewport is this many rows (a few frames of a fast fling) from the loaded edge. */
const PREFETCH_ROWS = 40;
const END_THRESHOLD_PX = 48;
/**
 * Rows rendered beyond the viewport. Above it, enough for a wheel notch or Page Up: a row is measured before it
 * scrolls into view, so the virtualizer can compensate its real height while it is still above the top edge and
 * nothing on screen jumps. Below it, rows entering change only their own bottom edge, so two are enough; each row
 * kept in the page costs style, layout and paint on every frame of a scroll.
 */
const OVERSCAN_ABOVE = 8;
const OVERSCAN_BELOW = 2;
const HIGHLIGHT_MS = 1_600;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * The virtualized history. Rows are measured as they render; the message being read stays in place when older pages
 * are prepended (keepInPlace), and new rows are followed only when already at the bottom.
 */
export function MessageList(props: MessageListProps) {
  const { i18n } = useApp();
  const t = i18n.t;
  const timeline = props.timeline;
  let scroller: HTMLDivElement | undefined;
  const [atEnd, setAtEnd] = createSignal(true);
  const [positioned, setPositioned] = createSignal(false);
  /** No row is rendered before the list has been scrolled to where the first paint should be (see `place`). */
  const [placed, setPlaced] = createSignal(false);
  const [paging, setPaging] = createSignal(false);
  const [highlightId, setHighlightId] = createSignal<string | null>(null);
  let highlightTimer: ReturnType<typeof setTimeout> | undefined;

  const rows = createMemo(() => buildTimeline(timeline.messages(), props.firstUnreadId));
  const indexByKey = createMemo(() => new Map(rows().map((row, index) => [row.key, index])));

  const virtualizer = createVirtualizer<HTMLDivElement, HTMLDivElement>({
    get count() {
      return rows().length;
    },
    getScrollElement: () => scroller ?? null,
    estimateSize: (index) => ESTIMATES[rows()[index]?.kind ?? 'message'],
    getItemKey: (index) => rows()[index]?.key ?? index,
    rangeExtractor: (range) => {
      const first = Math.max(0, range.startIndex - OVERSCAN_ABOVE);
      const last = Math.min(range.count - 1, range.endIndex + OVERSCAN_BELOW);
      return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
    },
    measureElement: (element, entry, instance) => {
      // A row handed over unmeasured keeps the size it has (no change, no layout read); see handOverRendered.
      if (deferMeasuring) return instance.measurementsCache[instance.indexFromElement(element)]?.size ?? ESTIMATES.message;
      return measuredSize(element, entry, instance);
    },
    paddingStart: 8,
    paddingEnd: 8,
    onChange: (instance) => {
      // From the virtualizer's own numbers: getDistanceFromEnd() reads the scroll height from the page, which lays
      // the page out again on every change (most of a fling's frame time, measured).
      const end = instance.getTotalSize() - ((instance.scrollOffset ?? 0) + (instance.scrollRect?.height ?? 0)) < END_THRESHOLD_PX;
      if (end !== untrack(atEnd)) {
        setAtEnd(end);
        props.onAtEndChange(end);
      }
    },
  });

  /**
   * While an older page goes in, the rows on screen and their place are held as they were: otherwise the prepend
   * would first render the rows that are now at the old scroll position (rows of the new page), only for the
   * scroll correction a moment later to bring the original rows back (two sets of rows built, measured 8-25 ms).
   */
  const [held, setHeld] = createSignal<{ keys: string[]; offset: number } | null>(null);
  const visible = createMemo(() => held()?.keys ?? (placed() ? virtualizer.getVirtualItems().map((item) => String(item.key)) : []));
  const windowOffset = () => held()?.offset ?? virtualizer.getVirtualItems()[0]?.start ?? 0;

  /** Set while a page of newer history is appended: its last row is history, not a message that just arrived. */
  let appendingPage = false;

  // Paging: ask for the next page when the viewport nears either loaded edge.
  createEffect(() => {
    const items = virtualizer.getVirtualItems();
    // Before the first positioning the list sits at offset 0, which would look like "scrolled to the top".
    if (!positioned() || paging() || items.length === 0) return;
    const first = items[0]!.index;
    const last = items[items.length - 1]!.index;
    const older = first < PREFETCH_ROWS && timeline.hasOlder();
    const newer = !older && last > rows().length - PREFETCH_ROWS && timeline.hasNewer();
    if (!older && !newer) return;
    setPaging(true);
    appendingPage = newer;
    // The next page may only be asked for once this one is laid out and the scroll anchor has been applied;
    // otherwise the viewport still looks "at the edge" and paging would run away through the whole history.
    const settle = () =>
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          appendingPage = false;
          setPaging(false);
        }),
      );
    void (older ? keepInPlace((beforePrepend) => timeline.loadOlder(beforePrepend)) : timeline.loadNewer()).then(settle, settle);
  });

  /**
   * Prepending rows above the viewport would push what the user reads down by the page's height. Right before the
   * page goes in, note a message on screen (by key, and where it is on screen); once it is in, scroll so that the
   * message is there again.
   */
  const keepInPlace = async (load: (beforePrepend: () => void) => Promise<void>): Promise<void> => {
    // (Set in the callback: the cast keeps TypeScript from narrowing it to null.)
    let anchor = null as ScrollAnchor | null;
    try {
      await load(() => {
        anchor = scroller ? captureAnchor(scroller) : null;
        setHeld({ keys: untrack(visible), offset: untrack(windowOffset) });
      });
      if (!anchor || !scroller || !restoreAnchor(anchor, scroller)) return;
    } finally {
      // The virtualizer has the rows around the restored position now (mostly the ones held): let them render.
      setHeld(null);
    }
    const { key, offset: wanted } = anchor;
    // By the next frame the rows around the anchor are rendered and measured. Before that frame is painted, put the
    // anchor exactly back: the virtualizer's sizes are whole pixels, and the rows between the top edge and the anchor
    // only had estimated sizes when the position was computed.
    await nextFrame();
    const offset = screenOffset(key, scroller);
    if (offset !== null && Math.abs(offset - wanted) >= 0.5) virtualizer.scrollBy(offset - wanted);
  };

  /** Where a rendered row's top is, relative to the viewport's top edge (null when it is not rendered). */
  const screenOffset = (key: string, element: HTMLDivElement): number | null => {
    const node = element.querySelector(`.row[data-index="${indexByKey().get(key) ?? -1}"]`);
    return node ? node.getBoundingClientRect().top - element.getBoundingClientRect().top : null;
  };

  /**
   * The first message on screen, and where it is on screen (from the page, not from the virtualizer's estimates).
   * Not the oldest loaded message if another one is on screen: it may gain or lose its day separator or its
   * "continued" look once older messages are above it. Kept as plain values: the virtualizer's items are a store
   * reconciled by index, so an item kept across the prepend would describe whatever row is then at its index.
   */
  const captureAnchor = (element: HTMLDivElement): ScrollAnchor | null => {
    const current = rows();
    const nodes = [...element.querySelectorAll<HTMLDivElement>('.row[data-index]')];
    // Rows rendered since the last frame may not be measured yet (while the user scrolls, their sizes come with the
    // next ResizeObserver round), so the page shows them in a place that is never painted. Measure them now, with
    // the virtualizer's usual compensation for rows above the top edge.
    for (const node of nodes) {
      if (node.isConnected) virtualizer.resizeItem(Number(node.dataset.index), virtualizer.options.measureElement(node, undefined, virtualizer));
    }
    const viewportTop = element.getBoundingClientRect().top;
    const onScreen: RowOnScreen[] = [];
    for (const node of nodes) {
      const index = Number(node.dataset.index);
      const row = current[index];
      if (!row || !node.isConnected) continue;
      const rect = node.getBoundingClientRect();
      onScreen.push({ key: row.key, index, top: rect.top - viewportTop, bottom: rect.bottom - viewportTop });
    }
    const firstMessage = current.findIndex((row) => row.kind === 'message');
    const isMessage = (index: number) => current[index]?.kind === 'message';
    return (
      pickScrollAnchor(onScreen, element.clientHeight, (index) => isMessage(index) && index !== firstMessage) ??
      pickScrollAnchor(onScreen, element.clientHeight, isMessage)
    );
  };

  /** Scrolls so the anchor row is at its remembered distance from the top again; false when there is nothing to do. */
  const restoreAnchor = (anchor: ScrollAnchor, element: HTMLDivElement): boolean => {
    const index = indexByKey().get(anchor.key);
    if (index === undefined) return false;
    // getTotalSize brings the virtualizer's measurements up to date with the new rows without reading the page
    // (getOffsetForIndex would read the scroll height, laying the page out once more).
    virtualizer.getTotalSize();
    const start = virtualizer.measurementsCache[index]?.start;
    if (start === undefined) return false;
    const target = anchoredScrollTop(anchor, start);
    if (Math.abs(target - element.scrollTop) < 1) return false;
    // Through the virtualizer, so it knows the write is its own (the list's height has grown already: no clamping).
    virtualizer.scrollToOffset(target);
    // The browser reports the scroll only at the next frame. Until then the virtualizer would keep rendering the rows
    // at the old offset (now rows of the new page) and take their sizes without compensating, which moves the anchor.
    // Let it read the new position now, before layout, so it renders and measures the rows around the target.
    element.dispatchEvent(new Event('scroll'));
    return true;
  };

  // Stick to the bottom only when the user was already there (or sent the message); otherwise stay put.
  let stuckToEnd = true;
  const onScroll = (): void => {
    if (scroller) stuckToEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < END_THRESHOLD_PX;
  };
  createEffect(on(() => rows().at(-1), (last, previous) => {
    if (!positioned() || !last || last.key === previous?.key || timeline.hasNewer() || appendingPage) return;
    const mine = last.kind === 'message' && last.message.mine;
    if (stuckToEnd || mine) requestAnimationFrame(() => virtualizer.scrollToIndex(rows().length - 1, { align: 'end' }));
  }, { defer: true }));

  // First paint: at the "new messages" marker if there is one, else at the bottom.
  createEffect(on(timeline.ready, (ready) => {
    if (!ready) return;
    const marker = indexByKey().get('unread');
    const place = (): void => {
      if (timeline.focusId()) return;
      if (marker !== undefined) virtualizer.scrollToIndex(marker, { align: 'start' });
      else virtualizer.scrollToIndex(rows().length - 1, { align: 'end' });
    };
    // Before any row is rendered: scroll there with the estimated sizes and let the virtualizer read the position at
    // once (the browser would report it only at the next frame), so the first rows rendered are the ones shown, not
    // the page's top rows replaced a frame later.
    place();
    scroller?.dispatchEvent(new Event('scroll'));
    setPlaced(true);
    // A frame later the rendered rows have their real sizes: align exactly.
    requestAnimationFrame(() => {
      place();
      requestAnimationFrame(() => setPositioned(true));
    });
  }));

  // Jumps (search hit, reply quote): bring the message to the middle and flash it.
  createEffect(on(timeline.focusId, (messageId) => {
    if (!messageId) return;
    const index = indexByKey().get(messageId);
    if (index === undefined) return;
    requestAnimationFrame(() => virtualizer.scrollToIndex(index, { align: 'center' }));
    setHighlightId(messageId);
    timeline.clearFocus();
    clearTimeout(highlightTimer);
    highlightTimer = setTimeout(() => setHighlightId(null), HIGHLIGHT_MS);
  }));
  onCleanup(() => clearTimeout(highlightTimer));

  const jumpToLatest = async (): Promise<void> => {
    if (timeline.hasNewer()) await timeline.loadLatest();
    requestAnimationFrame(() => virtualizer.scrollToIndex(rows().length - 1, { align: 'end' }));
  };

  /**
   * Rows rendered in one go are handed to the virtualizer together, once all of them are in the page.
   *
   * Once the list is positioned they are measured right here, in one batch: the virtualizer's updates (row offsets,
   * the list's height) reach the page only after every row has been read, so the page is laid out once for all of
   * them, and a row scrolling in from above has its real size (and the scroll its compensation) before the frame
   * that shows it; keepInPlace relies on that.
   *
   * The first screenful of a conversation that just opened is not measured here: nothing is on screen yet to keep
   * in place, and measuring would lay the page out in the middle of the update and make each row's size an update
   * of the whole list of its own (a third of the time to the first paint, measured). Its sizes come from the
   * virtualizer's ResizeObserver, for all rows in one update, after the browser has laid them out and before the
   * frame is painted.
   */
  let deferMeasuring = false;
  const rendered = new Set<HTMLDivElement>();
  const handOverRendered = (): void => {
    const nodes = [...rendered];
    rendered.clear();
    deferMeasuring = !untrack(positioned);
    try {
      batch(() => {
        for (const node of nodes) if (node.isConnected) virtualizer.measureElement(node);
      });
    } finally {
      deferMeasuring = false;
    }
  };
  // Called as each row is created, before Solid has set its data-index.
  const measure = (element: HTMLDivElement): void => {
    if (rendered.size === 0) queueMicrotask(handOverRendered);
    rendered.add(element);
  };

  const renderRow = (row: () => TimelineRow) => {
    const message = () => {
      const current = row();
      return current.kind === 'message' ? current : null;
    };
    const day = () => {
      const current = row();
      return current.kind === 'day' ? current : null;
    };
    return (
      <Switch>
        <Match when={day()}>
          {(separator) => (
            <div class="day-separator">
              <span>{i18n.day(separator().ts)}</span>
            </div>
          )}
        </Match>
        <Match when={row().kind === 'unread'}>
          <div class="unread-marker" role="separator">
            <span>{t('chat.newMessages')}</span>
          </div>
        </Match>
        <Match when={message()?.message.system}>{(note) => <SystemLine note={note()} />}</Match>
        <Match when={message()}>
          {(item) => (
            <MessageBubble
              message={item().message}
              continued={item().continued}
              showSender={props.isGroup && !item().message.mine && !item().continued}
              highlighted={highlightId() === item().message.id}
              canSend={props.canSend}
              onJump={(id) => void timeline.jumpTo(id)}
              onRetry={props.onRetry}
              onReply={props.onReply}
              onEdit={props.onEdit}
              onDelete={props.onDelete}
              onReact={props.onReact}
            />
          )}
        </Match>
      </Switch>
    );
  };

  return (
    <div class="message-list-wrap">
      <div ref={scroller} class="message-list" role="log" onScroll={onScroll} aria-label={t('chat.messages')} aria-live="polite" tabindex="0">
        <Show when={timeline.ready() && rows().length === 0}>
          <p class="chat-placeholder">{t('chat.noMessages')}</p>
        </Show>
        <div class="message-list-inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          <div class="message-list-window" style={{ transform: `translateY(${windowOffset()}px)` }}>
            <For each={visible()}>
              {(key) => {
                const index = () => indexByKey().get(key) ?? -1;
                const row = () => rows()[index()];
                return (
                  <Show when={row()}>
                    {(current) => (
                      <div class="row" data-index={index()} ref={measure}>
                        {renderRow(current)}
                      </div>
                    )}
                  </Show>
                );
              }}
            </For>
          </div>
        </div>
      </div>
      <Show when={!atEnd() || timeline.hasNewer()}>
        <button type="button" class="jump-latest" aria-label={t('chat.jumpToLatest')} title={t('chat.jumpToLatest')} onClick={() => void jumpToLatest()}>
          <span class="icon icon-down" aria-hidden="true" />
          <Show when={props.unread > 0}>
            <span class="badge">{props.unread}</span>
          </Show>
        </button>
      </Show>
    </div>
  );
}
