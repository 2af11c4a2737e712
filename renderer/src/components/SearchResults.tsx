import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import type { SearchHit } from '../../../shared/domain';
import { useApp } from '../context';
import { debounce } from '../lib/timing';
import { Snippet } from './Snippet';
import { Avatar } from './Avatar';

const SEARCH_DELAY_MS = 150;

/** Full-text search over the local history; a hit opens its conversation at the message. */
export function SearchResults(props: { query: string; onOpen: (convId: string, messageId: string) => void }) {
  const { api, i18n, report } = useApp();
  const [hits, setHits] = createSignal<SearchHit[]>([]);
  const [searched, setSearched] = createSignal<string | null>(null);
  let latest = 0;

  const search = debounce((query: string) => {
    const mine = ++latest;
    api.searchMessages({ query, limit: 50 }).then(
      (found) => {
        if (mine !== latest) return;
        setHits(found);
        setSearched(query);
      },
      (error: unknown) => mine === latest && report(error),
    );
  }, SEARCH_DELAY_MS);
  onCleanup(() => search.cancel());
  createEffect(on(() => props.query.trim(), (query) => query && search.call(query)));

  return (
    <section class="search-results" aria-label={i18n.t('search.results')} aria-busy={searched() !== props.query.trim()}>
      <Show when={searched() !== null && hits().length === 0}>
        <p class="list-empty">{i18n.t('search.none')}</p>
      </Show>
      <ul>
        <For each={hits()}>
          {(hit) => (
            <li>
              <button type="button" class="search-hit" onClick={() => props.onOpen(hit.convId, hit.messageId)}>
                <Avatar name={hit.convTitle} />
                <span class="conversation-body">
                  <span class="conversation-top">
                    <span class="conversation-title">{hit.convTitle}</span>
                    <time class="conversation-time">{i18n.shortDate(hit.ts)}</time>
                  </span>
                  <span class="search-snippet">
                    <span class="search-sender">{hit.senderName}: </span>
                    <Snippet parts={hit.snippet} />
                  </span>
                </span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
