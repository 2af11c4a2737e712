import { createSignal, onCleanup, untrack } from 'solid-js';
import type { ParleyApi } from '../api';
import { createTimelineStore, type TimelineStore } from './createTimelineStore';

/** A conversation whose view is on screen, with the history window it opened with. */
export interface OpenedConversation {
  convId: string;
  timeline: TimelineStore;
  /** Where the "new messages" marker goes; fixed when the conversation opens so it stays put while being read. */
  firstUnreadId: string | null;
}

/** How long the previous view stays up while the engine answers for the next; then the next shows, still loading. */
const SHOW_WITHIN_MS = 150;

/**
 * Opening a conversation: its first page is asked for at once, and its view replaces the current one when that page
 * is in, so the view and its rows are built and laid out together in one task and painted in one frame (instead of
 * an empty view painted first, then laid out again with the rows). A slow engine does not hold the switch: after
 * `SHOW_WITHIN_MS` the view shows in its loading state. Owns every timeline it creates and disposes of it.
 */
export function createOpenedConversation(api: ParleyApi, report: (error: unknown) => void) {
  const [shown, setShown] = createSignal<OpenedConversation | null>(null);
  let pending: { opened: OpenedConversation; timer: ReturnType<typeof setTimeout> } | null = null;

  const dropPending = (): void => {
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.opened.timeline.dispose();
    pending = null;
  };

  const show = (next: OpenedConversation | null): void => {
    const previous = untrack(shown);
    setShown(next);
    if (previous && previous !== next) previous.timeline.dispose();
  };

  const open = (convId: string | null, firstUnreadId: string | null, jumpTo?: string): void => {
    dropPending();
    if (convId === null) return show(null);
    if (untrack(shown)?.convId === convId) return;
    const timeline = createTimelineStore(api, convId);
    const opened: OpenedConversation = { convId, timeline, firstUnreadId };
    const reveal = (): void => {
      if (pending?.opened !== opened) return;
      clearTimeout(pending.timer);
      pending = null;
      show(opened);
    };
    pending = { opened, timer: setTimeout(reveal, SHOW_WITHIN_MS) };
    const opening = jumpTo ? timeline.jumpTo(jumpTo) : firstUnreadId ? timeline.loadAround(firstUnreadId) : timeline.loadLatest();
    opening.then(reveal, (error: unknown) => {
      report(error);
      reveal();
    });
  };

  onCleanup(() => {
    dropPending();
    untrack(shown)?.timeline.dispose();
  });

  return { shown, open };
}
