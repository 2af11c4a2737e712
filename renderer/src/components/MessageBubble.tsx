import { Show } from 'solid-js';
import type { Message } from '../../../shared/domain';
import { useApp } from '../context';
import { LinkifiedText } from './LinkifiedText';
import { MessageStatusIcon } from './MessageStatusIcon';
import { ReplyQuote } from './ReplyQuote';
import { Reactions } from './Reactions';
import { MessageActions, type MessageActionHandlers } from './MessageActions';

export interface MessageBubbleProps extends MessageActionHandlers {
  message: Message;
  showSender: boolean;
  continued: boolean;
  highlighted: boolean;
  canSend: boolean;
  onJump: (messageId: string) => void;
  onRetry: (message: Message) => void;
}

const paletteOf = (id: string): number => [...id].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % 8;

export function MessageBubble(props: MessageBubbleProps) {
  const { i18n } = useApp();
  const t = i18n.t;
  const m = () => props.message;

  return (
    <div
      class="message"
      classList={{ mine: m().mine, continued: props.continued, highlighted: props.highlighted, deleted: m().deleted }}
      data-message-id={m().id}
      onDblClick={() => props.canSend && !m().deleted && props.onReply(m())}
    >
      <div class="bubble">
        <Show when={props.showSender}>
          <div class={`sender palette-text-${paletteOf(m().senderId)}`}>{m().senderName}</div>
        </Show>
        <Show when={m().replyTo && !m().deleted ? m().replyTo : null}>{(reply) => <ReplyQuote reply={reply()} onJump={props.onJump} />}</Show>
        <Show when={!m().deleted} fallback={<p class="text tombstone">{t('message.deleted')}</p>}>
          <p class="text" dir="auto">
            <LinkifiedText text={m().text} />
          </p>
        </Show>
        <Show when={m().reactions.length > 0 && !m().deleted}>
          <Reactions reactions={m().reactions} onToggle={(emoji, on) => props.onReact(m(), emoji, on)} />
        </Show>
        <span class="meta">
          <Show when={m().edited && !m().deleted}>
            <span class="edited">{t('message.edited')}</span>
          </Show>
          <time title={i18n.dateTime(m().ts)}>{i18n.time(m().ts)}</time>
          <Show when={m().mine ? m().status : null}>{(status) => <MessageStatusIcon status={status()} />}</Show>
        </span>
      </div>
      <Show when={m().mine && m().status === 'failed'}>
        <button type="button" class="retry" title={m().error ?? undefined} onClick={() => props.onRetry(m())}>
          {t('message.retry')}
        </button>
      </Show>
      <Show when={!m().deleted}>
        <MessageActions
          message={m()}
          canSend={props.canSend}
          onReply={props.onReply}
          onEdit={props.onEdit}
          onDelete={props.onDelete}
          onReact={props.onReact}
        />
      </Show>
    </div>
  );
}
