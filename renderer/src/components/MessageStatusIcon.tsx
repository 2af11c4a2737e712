import type { MessageStatus } from '../../../shared/domain';
import { useApp } from '../context';

/** Clock, one tick, two ticks, two blue ticks, or a red mark; named for assistive technology. */
export function MessageStatusIcon(props: { status: MessageStatus }) {
  const { i18n } = useApp();
  return (
    <span
      class="status-icon"
      data-status={props.status}
      role="img"
      aria-label={i18n.t(`message.status.${props.status}`)}
      title={i18n.t(`message.status.${props.status}`)}
    />
  );
}
