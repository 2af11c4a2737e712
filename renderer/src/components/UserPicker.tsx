import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import type { User } from '../../../shared/domain';
import { useApp } from '../context';
import { debounce } from '../lib/timing';
import { errorText } from '../lib/errors';
import { Avatar } from './Avatar';

const LOOKUP_DELAY_MS = 200;

/** Finds users on the server by name prefix; needs a connection. */
export function UserPicker(props: { onPick: (user: User) => void; exclude?: readonly string[]; actionLabel: (user: User) => string }) {
  const { api, i18n, session } = useApp();
  const [query, setQuery] = createSignal('');
  const [users, setUsers] = createSignal<User[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [searched, setSearched] = createSignal(false);
  let latest = 0;
  const me = () => {
    const state = session.session();
    return state?.signedIn ? state.user.id : null;
  };

  const lookup = debounce((prefix: string) => {
    const mine = ++latest;
    api.findUsers({ prefix }).then(
      (found) => {
        if (mine !== latest) return;
        setUsers(found);
        setError(null);
        setSearched(true);
      },
      (failure: unknown) => {
        if (mine !== latest) return;
        setUsers([]);
        setError(errorText(i18n, failure));
      },
    );
  }, LOOKUP_DELAY_MS);
  onCleanup(() => lookup.cancel());
  createEffect(on(() => query().trim().toLowerCase(), (prefix) => {
    setSearched(false);
    if (prefix) lookup.call(prefix);
    else setUsers([]);
  }));

  const visible = () => users().filter((u) => u.id !== me() && !(props.exclude ?? []).includes(u.id));

  return (
    <div class="user-picker">
      <input
        data-autofocus
        type="search"
        aria-label={i18n.t('new.findUser')}
        placeholder={i18n.t('new.findUser')}
        value={query()}
        autocapitalize="none"
        spellcheck={false}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          const first = visible()[0];
          if (e.key === 'Enter' && first) {
            e.preventDefault();
            props.onPick(first);
          }
        }}
      />
      <Show when={error()}>
        <p class="form-error" role="alert">{error()}</p>
      </Show>
      <Show when={searched() && visible().length === 0 && !error()}>
        <p class="list-empty">{i18n.t('new.noUsers')}</p>
      </Show>
      <ul class="user-list">
        <For each={visible()}>
          {(user) => (
            <li>
              <button type="button" class="user-row" aria-label={props.actionLabel(user)} onClick={() => props.onPick(user)}>
                <Avatar name={user.username} size="small" />
                <span>{user.username}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
