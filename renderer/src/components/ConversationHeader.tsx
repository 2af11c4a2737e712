import { Show } from 'solid-js';
import { useApp } from '../context';
import { Avatar } from './Avatar';

export function ConversationHeader(props: { convId: string; infoOpen: boolean; onToggleInfo: () => void }) {
  const { conversations, i18n } = useApp();
  const t = i18n.t;
  const c = () => conversations.byId[props.convId];
  const presence = () => {
    const peer = c()?.peer;
    return peer ? conversations.presenceOf(peer.id) : undefined;
  };

  const subtitle = (): string => {
    const typing = conversations.typingIn(props.convId).map((u) => u.username);
    if (typing.length === 1) return t('chat.typingOne', { name: typing[0]! });
    if (typing.length > 1) return t('chat.typingMany', { names: i18n.list(typing) });
    const conversation = c();
    if (!conversation) return '';
    if (conversation.kind === 'group') return t('chat.members', { count: conversation.members.length });
    const p = presence();
    if (p?.online) return t('chat.online');
    if (p?.lastSeen) return t('chat.lastSeen', { time: i18n.shortDate(p.lastSeen) === i18n.time(p.lastSeen) ? i18n.time(p.lastSeen) : i18n.dateTime(p.lastSeen) });
    return t('chat.offlinePeer');
  };

  return (
    <header class="chat-header">
      <Show when={c()}>
        {(conversation) => (
          <>
            <Avatar name={conversation().title} online={conversation().peer ? presence()?.online === true : undefined} />
            <div class="chat-heading">
              <h2>{conversation().title}</h2>
              <p class="chat-subtitle" classList={{ typing: conversations.typingIn(props.convId).length > 0, online: presence()?.online === true }} aria-live="polite">
                {subtitle()}
              </p>
            </div>
            <button
              type="button"
              class="icon-button"
              aria-label={t('chat.info')}
              aria-pressed={props.infoOpen}
              title={t('chat.info')}
              onClick={() => props.onToggleInfo()}
            >
              <span class="icon icon-info" aria-hidden="true" />
            </button>
          </>
        )}
      </Show>
    </header>
  );
}
