import { createSignal, For, Match, Show, Switch } from 'solid-js';
import type { User } from '../../../shared/domain';
import { useApp } from '../context';
import { errorText } from '../lib/errors';
import { Dialog } from './Dialog';
import { UserPicker } from './UserPicker';

/** Start a direct chat with someone, or create a group with a title and members. */
export function NewConversationDialog(props: { onClose: () => void; onOpen: (convId: string) => void }) {
  const { conversations, i18n } = useApp();
  const t = i18n.t;
  const [tab, setTab] = createSignal<'direct' | 'group'>('direct');
  const [title, setTitle] = createSignal('');
  const [members, setMembers] = createSignal<User[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const run = async (action: () => Promise<string>): Promise<void> => {
    if (busy()) return;
    setBusy(true);
    setError(null);
    try {
      const convId = await action();
      props.onOpen(convId);
      props.onClose();
    } catch (failure) {
      setError(errorText(i18n, failure));
    } finally {
      setBusy(false);
    }
  };

  const startDirect = (user: User) => void run(async () => (await conversations.createDirect(user.id)).id);
  const createGroup = () =>
    void run(async () => (await conversations.createGroup(title().trim(), members().map((m) => m.id))).id);

  return (
    <Dialog title={t('new.title')} onClose={props.onClose} class="new-conversation">
      <div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab() === 'direct'} onClick={() => setTab('direct')}>
          {t('new.direct')}
        </button>
        <button type="button" role="tab" aria-selected={tab() === 'group'} onClick={() => setTab('group')}>
          {t('new.group')}
        </button>
      </div>
      <Switch>
        <Match when={tab() === 'direct'}>
          <UserPicker onPick={startDirect} actionLabel={(user) => user.username} />
        </Match>
        <Match when={tab() === 'group'}>
          <form
            class="group-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (title().trim()) createGroup();
            }}
          >
            <label class="field">
              <span>{t('new.groupTitle')}</span>
              <input value={title()} maxLength={100} onInput={(e) => setTitle(e.currentTarget.value)} required />
            </label>
            <Show when={members().length > 0}>
              <ul class="chips" aria-label={t('new.members')}>
                <For each={members()}>
                  {(member) => (
                    <li class="chip">
                      {member.username}
                      <button
                        type="button"
                        class="chip-remove"
                        aria-label={t('new.remove', { name: member.username })}
                        onClick={() => setMembers((all) => all.filter((m) => m.id !== member.id))}
                      >
                        ✕
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <UserPicker
              exclude={members().map((m) => m.id)}
              actionLabel={(user) => t('new.add', { name: user.username })}
              onPick={(user) => setMembers((all) => [...all, user])}
            />
            <div class="dialog-actions">
              <button type="submit" class="primary" disabled={busy() || title().trim() === ''}>
                {t('new.create')}
              </button>
            </div>
          </form>
        </Match>
      </Switch>
      <Show when={error()}>
        <p class="form-error" role="alert">{error()}</p>
      </Show>
    </Dialog>
  );
}
