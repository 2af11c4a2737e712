import { For, Show } from 'solid-js';
import { useApp } from '../context';
import { ConversationListItem } from './ConversationListItem';

/** The conversations by recent activity; arrow keys move between them, Enter opens. */
export function ConversationList(props: { onOpen: (convId: string) => void }) {
  const { conversations, i18n } = useApp();
  let list: HTMLUListElement | undefined;

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
        <For each={conversations.sorted()}>
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
