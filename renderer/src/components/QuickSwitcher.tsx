import { createMemo, createSignal, For, Show } from 'solid-js';
import { useApp } from '../context';
import { Dialog } from './Dialog';
import { Avatar } from './Avatar';

/** Ctrl/Cmd+K: type part of a name, arrows to choose, Enter to open. */
export function QuickSwitcher(props: { onClose: () => void; onOpen: (convId: string) => void }) {
  const { conversations, i18n } = useApp();
  const [query, setQuery] = createSignal('');
  const [index, setIndex] = createSignal(0);
  const matches = createMemo(() => {
    const q = query().trim().toLowerCase();
    const all = conversations.sorted();
    if (!q) return all.slice(0, 50);
    const starts = all.filter((c) => c.title.toLowerCase().startsWith(q));
    const contains = all.filter((c) => !c.title.toLowerCase().startsWith(q) && c.title.toLowerCase().includes(q));
    return [...starts, ...contains].slice(0, 50);
  });
  const choose = (convId: string | undefined): void => {
    if (!convId) return;
    props.onOpen(convId);
    props.onClose();
  };

  return (
    <Dialog title={i18n.t('switcher.title')} onClose={props.onClose} class="switcher">
      <input
        data-autofocus
        class="switcher-input"
        aria-label={i18n.t('switcher.label')}
        aria-controls="switcher-list"
        aria-activedescendant={matches()[index()] ? `switch-${matches()[index()]!.id}` : undefined}
        role="combobox"
        aria-expanded="true"
        value={query()}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setIndex((i) => Math.min(matches().length - 1, i + 1));
          else if (e.key === 'ArrowUp') setIndex((i) => Math.max(0, i - 1));
          else if (e.key === 'Enter') choose(matches()[index()]?.id);
          else return;
          e.preventDefault();
        }}
      />
      <ul id="switcher-list" role="listbox" aria-label={i18n.t('sidebar.conversations')} class="switcher-list">
        <For each={matches()}>
          {(conversation, i) => (
            <li
              id={`switch-${conversation.id}`}
              role="option"
              aria-selected={i() === index()}
              classList={{ selected: i() === index() }}
              onMouseEnter={() => setIndex(i())}
              onClick={() => choose(conversation.id)}
            >
              <Avatar name={conversation.title} size="small" />
              <span>{conversation.title}</span>
            </li>
          )}
        </For>
      </ul>
      <Show when={matches().length === 0}>
        <p class="list-empty">{i18n.t('switcher.none')}</p>
      </Show>
    </Dialog>
  );
}
