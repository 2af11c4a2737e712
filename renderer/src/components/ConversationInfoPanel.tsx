import { createSignal, For, Show } from 'solid-js';
import { useApp } from '../context';
import { Avatar } from './Avatar';
import { Toggle } from './Toggle';
import { UserPicker } from './UserPicker';

/** Side panel: mute, and for groups rename, members (add, remove) and leave. */
export function ConversationInfoPanel(props: { convId: string; onClose: () => void; onOpenConversation: (convId: string) => void }) {
  const { conversations, session, i18n, report } = useApp();
  const t = i18n.t;
  const c = () => conversations.byId[props.convId];
  const me = () => {
    const state = session.session();
    return state?.signedIn ? state.user.id : null;
  };
  const [title, setTitle] = createSignal(c()?.title ?? '');
  const [adding, setAdding] = createSignal(false);

  const rename = (event: SubmitEvent): void => {
    event.preventDefault();
    const value = title().trim();
    if (value && value !== c()?.title) void conversations.rename(props.convId, value).catch(report);
  };

  return (
    <aside class="info-panel" aria-label={c()?.kind === 'group' ? t('group.info') : t('direct.info')}>
      <header class="dialog-header">
        <h2>{c()?.kind === 'group' ? t('group.info') : t('direct.info')}</h2>
        <button type="button" class="icon-button" aria-label={t('common.close')} onClick={() => props.onClose()}>
          ✕
        </button>
      </header>
      <Show when={c()}>
        {(conversation) => (
          <div class="info-body">
            <div class="info-identity">
              <Avatar name={conversation().title} size="large" />
              <strong>{conversation().title}</strong>
            </div>
            <Toggle label={t('chat.mute')} checked={conversation().muted} onChange={(muted) => void conversations.setMuted(props.convId, muted).catch(report)} />
            <Show when={conversation().kind === 'group' && !conversation().left}>
              <form class="rename-form" onSubmit={rename}>
                <label class="field">
                  <span>{t('group.rename')}</span>
                  <input value={title()} maxLength={100} onInput={(e) => setTitle(e.currentTarget.value)} />
                </label>
                <button type="submit" class="secondary" disabled={!title().trim() || title().trim() === conversation().title}>
                  {t('common.save')}
                </button>
              </form>
              <h3>{t('group.members')}</h3>
              <ul class="member-list">
                <For each={conversation().members}>
                  {(member) => (
                    <li>
                      <Avatar name={member.username} size="small" online={conversations.presenceOf(member.id)?.online === true} />
                      <span class="member-name">
                        {member.username} <Show when={member.id === me()}>{t('group.you')}</Show>
                      </span>
                      <Show when={member.id !== me()}>
                        <button
                          type="button"
                          class="link-button"
                          aria-label={`${t('group.remove')} ${member.username}`}
                          onClick={() => void conversations.removeMember(props.convId, member.id).catch(report)}
                        >
                          {t('group.remove')}
                        </button>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <Show
                when={adding()}
                fallback={
                  <button type="button" class="secondary" onClick={() => setAdding(true)}>
                    {t('group.addMembers')}
                  </button>
                }
              >
                <UserPicker
                  exclude={conversation().members.map((m) => m.id)}
                  actionLabel={(user) => t('new.add', { name: user.username })}
                  onPick={(user) => void conversations.addMembers(props.convId, [user.id]).catch(report)}
                />
              </Show>
              <button
                type="button"
                class="danger"
                onClick={() => {
                  if (window.confirm(t('group.leaveConfirm'))) void conversations.leave(props.convId).catch(report);
                }}
              >
                {t('group.leave')}
              </button>
            </Show>
          </div>
        )}
      </Show>
    </aside>
  );
}
