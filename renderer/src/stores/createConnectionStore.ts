import { createSignal } from 'solid-js';
import type { ParleyApi } from '../api';
import type { ConnectionState } from '../../../shared/domain';

const initial: ConnectionState = { state: 'connecting', reason: 'starting', rttMs: null, retryAt: null, sync: null };

export function createConnectionStore(api: ParleyApi) {
  const [connection, setConnection] = createSignal<ConnectionState>(initial);
  const unsubscribe = api.onConnectionChanged(setConnection);
  return {
    connection,
    online: () => connection().state === 'online',
    async load(): Promise<void> {
      setConnection(await api.getConnection({}));
    },
    dispose: unsubscribe,
  };
}
export type ConnectionStore = ReturnType<typeof createConnectionStore>;
