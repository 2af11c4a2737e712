import { createSignal, Show } from 'solid-js';
import { useApp } from '../context';
import { ConnectionStatus } from './ConnectionStatus';
import { ConversationList } from './ConversationList';
import { SearchResults } from './SearchResults';

export function Sidebar(props: { onOpen: (convId: string, messageId?: string) => void; onNew: () => void; onSettings: () => void }) {
  const { i18n } = useApp();
  const t = i18n.t;
  const [query, setQuery] = createSignal('');

  return (
    <aside class="sidebar">
      <header class="sidebar-header">
        <button type="button" class="icon-button" aria-label={t('sidebar.settings')} title={t('sidebar.settings')} onClick={() => props.onSettings()}>
          <span class="icon icon-menu" aria-hidden="true" />
        </button>
        <div class="search-box">
          <input
            type="search"
            aria-label={t('search.label')}
            placeholder={t('search.placeholder')}
            value={query()}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setQuery('');
            }}
          />
        </div>
        <button type="button" class="icon-button" aria-label={t('sidebar.newConversation')} title={t('sidebar.newConversation')} onClick={() => props.onNew()}>
          <span class="icon icon-compose" aria-hidden="true" />
        </button>
      </header>
      <ConnectionStatus />
      <Show when={query().trim() !== ''} fallback={<ConversationList onOpen={(id) => props.onOpen(id)} />}>
        <SearchResults query={query()} onOpen={props.onOpen} />
      </Show>
    </aside>
  );
}
