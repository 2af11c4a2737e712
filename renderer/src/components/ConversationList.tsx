import { createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { useApp } from '../context';
import { ConversationListItem } from './ConversationListItem';

/** The conversations by recent activity; arrow keys move between them, Enter opens. */
/** Rows drawn before the first paint: more than fit on a tall screen (a row is 70px high). */
const FIRST_SCREEN = 24;
/** Rows added per idle slice after that. */
const SLICE = 40;

const whenIdle = (run: () => void): (() => void) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 200 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 0);
  return () => clearTimeout(id);
};

export function ConversationList(props: { onOpen: (convId: string) => void }) {
  const { conversations, i18n } = useApp();
  let list: HTMLUListElement | undefined;

  // A long list is drawn a screenful first and the rest in idle slices after the first paint: the rows below the
  // fold cost as much script to build as the visible ones, and nobody sees them before scrolling.
  const [limit, setLimit] = createSignal(FIRST_SCREEN);
  let cancel: (() => void) | undefined;
  const grow = (): void => {
    cancel = undefined;
    setLimit((current) => current + SLICE);
    if (limit() < conversations.sorted().length) cancel = whenIdle(grow);
  };
  const shown = createMemo(() => {
    const all = conversations.sorted();
    if (all.length <= limit()) return all;
    cancel ??= whenIdle(grow);
    return all.slice(0, limit());
  });
  onCleanup(() => cancel?.());

  const moveFocus = (event: KeyboardEvent): void => {
    if (!list || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
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
    <nav class="conversation-list" aria-label={i18n.t('sidebar.conversations')}>
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
