import { createSignal, onCleanup } from 'solid-js';
import { useApp } from '../context';

/** Always-visible connection state: offline (with retry countdown), connecting, syncing progress, online + RTT. */
export function ConnectionStatus() {
  const { connection, i18n } = useApp();
  const [now, setNow] = createSignal(Date.now());
  const ticker = setInterval(() => setNow(Date.now()), 1_000);
  onCleanup(() => clearInterval(ticker));

  const label = (): string => {
    const state = connection.connection();
    switch (state.state) {
      case 'offline': {
        const seconds = state.retryAt === null ? 0 : Math.ceil((state.retryAt - now()) / 1_000);
        return seconds > 0 ? i18n.t('connection.offlineRetry', { seconds }) : i18n.t('connection.offline');
      }
      case 'syncing':
        return state.sync && state.sync.applied > 0
          ? i18n.t('connection.syncingProgress', { count: state.sync.applied })
          : i18n.t('connection.syncing');
      case 'online':
        return state.rttMs === null ? i18n.t('connection.online') : i18n.t('connection.onlineRtt', { ms: Math.round(state.rttMs) });
      default:
        return i18n.t(`connection.${state.state}`);
    }
  };

  return (
    <div class="connection" role="status" data-state={connection.connection().state} title={connection.connection().reason}>
      <span class="connection-dot" aria-hidden="true" />
      <span>{label()}</span>
    </div>
  );
}
