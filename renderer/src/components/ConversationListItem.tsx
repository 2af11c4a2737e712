import { Show } from 'solid-js';
import type { ConversationSummary } from '../../../shared/domain';
import { useApp } from '../context';
import { Avatar } from './Avatar';

export function ConversationListItem(props: { conversation: ConversationSummary; active: boolean; onOpen: () => void }) {
  const { conversations, i18n } = useApp();
  const t = i18n.t;
  const c = () => props.conversation;
  const online = () => {
    const peer = c().peer;
    return peer ? conversations.presenceOf(peer.id)?.online === true : undefined;
  };
  const typing = () => conversations.typingIn(c().id);
  const previewId = () => `preview-${c().id}`;

  const preview = (): string => {
    const last = c().lastMessage;
    if (typing().length > 0) {
      const names = typing().map((u) => u.username);
      return names.length === 1 ? t('chat.typingOne', { name: names[0]! }) : t('chat.typingMany', { names: i18n.list(names) });
    }
    if (!last) return '';
    if (last.deleted) return t('sidebar.deleted');
    if (last.mine && !last.system) return `${t('sidebar.you')} ${last.text}`;
    if (c().kind === 'group' && !last.system) return `${last.senderName}: ${last.text}`;
    return last.text;
  };

  return (
    <button
      type="button"
      class="conversation"
      classList={{ active: props.active, unread: c().unread > 0 }}
      aria-label={c().title}
      aria-describedby={previewId()}
      aria-current={props.active ? 'page' : undefined}
      onClick={() => props.onOpen()}
    >
      <Avatar name={c().title} online={online()} />
      <span class="conversation-body">
        <span class="conversation-top">
          <span class="conversation-title">{c().title}</span>
          <Show when={c().lastMessage}>{(last) => <time class="conversation-time">{i18n.shortDate(last().ts)}</time>}</Show>
        </span>
        <span class="conversation-bottom">
          <span class="conversation-preview" id={previewId()} classList={{ typing: typing().length > 0 }}>
            <Show when={c().hasDraft && !props.active}>
              <span class="draft-label">{t('sidebar.draft')} </span>
            </Show>
            {preview()}
          </span>
          <Show when={c().unread > 0}>
            <span class="badge" classList={{ muted: c().muted }} aria-label={t('sidebar.unread', { count: c().unread })}>
              {c().unread > 999 ? '999+' : c().unread}
            </span>
          </Show>
        </span>
      </span>
    </button>
  );
}
