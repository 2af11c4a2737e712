import type { ReplyPreview } from '../../../shared/domain';
import { useApp } from '../context';

/** The quoted message above a reply; clicking it brings the original into view. */
export function ReplyQuote(props: { reply: ReplyPreview; onJump: (messageId: string) => void }) {
  const { i18n } = useApp();
  const text = () =>
    props.reply.deleted ? i18n.t('message.deleted') : props.reply.known ? props.reply.text : i18n.t('message.unknownReply');
  return (
    <button type="button" class="reply-quote" onClick={() => props.onJump(props.reply.id)}>
      <span class="reply-sender">{props.reply.senderName}</span>
      <span class="reply-text">{text()}</span>
    </button>
  );
}
