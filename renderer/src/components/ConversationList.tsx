import { createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { useApp } from '../context';
import { ConversationListItem } from './ConversationListItem';

/** Rows drawn before the first paint: more than fit on a tall screen (a row is 70px high). */
const FIRST_SCREEN = 24;
/** Rows added per idle slice after that. */
const SLICE = 40;
/**
 * The rest of a long list is not drawn in the first moments after it appears: the user's first action (opening a
 * conversation) must not wait behind a slice of rows nobody sees yet. Scrolling or moving through the list draws
 * them at once.
 */
const REST_AFTER_MS = 1_500;

const whenIdle = (run: () => void): (() => void) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 200 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 0);
  return () => clearTimeout(id);
};

/** The conversations by recent activity; arrow keys move between them, Enter opens. */
export function ConversationList(props: { onOpen: (convId: string) => void }) {
  const { conversations, i18n } = useApp();
  let list: HTMLUListElement | undefined;

  // A long list is drawn a screenful first and the rest in idle slices a moment later: the rows below the fold cost
  // as much script to build as the visible ones, and nobody sees them before scrolling.
  const [limit, setLimit] = createSignal(FIRST_SCREEN);
  let cancel: (() => void) | undefined;
  const grow = (): void => {
    cancel = undefined;
    setLimit((current) => current + SLICE);
    if (limit() < conversations.sorted().length) cancel = whenIdle(grow);
  };
  const later = (): (() => void) => {
    const timer = setTimeout(() => (cancel = whenIdle(grow)), REST_AFTER_MS);
    return () => clearTimeout(timer);
  };
  const shown = createMemo(() => {
    const all = conversations.sorted();
    if (all.length <= limit()) return all;
    cancel ??= later();
    return all.slice(0, limit());
  });
  onCleanup(() => cancel?.());
  /** The user is going through the list: draw all of it now. */
  const showAll = (): void => {
    if (limit() >= conversations.sorted().length) return;
    cancel?.();
    cancel = undefined;
    setLimit(conversations.sorted().length);
  };

  const moveFocus = (event: KeyboardEvent): void => {
    if (!list || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
    showAll();
    const items = [...list.querySelectorAll<HTMLButtonElement>('button.conversation')];
    if (items.length === 0) return;
    event.preventDefault();
    const current = items.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      event.key === 'Home' ? 0
      : event.key === 'End' ? items.length - 1
      : event.key === 'ArrowDown' ? Math.min(items.length - 1, current + 1)
      : Math.max(0, current - 1);
    items[next]?.focus();
  };

  return (
    <nav class="conversation-list" aria-label={i18n.t('sidebar.conversations')} onScroll={showAll}>
      <Show when={conversations.loaded() && conversations.sorted().length === 0}>
        <p class="list-empty">{i18n.t('sidebar.empty')}</p>
      </Show>
      <ul ref={list} onKeyDown={moveFocus}>
        <For each={shown()}>
          {(conversation) => (
            <li>
              <ConversationListItem
                conversation={conversation}
                active={conversations.activeId() === conversation.id}
                onOpen={() => props.onOpen(conversation.id)}
              />
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
