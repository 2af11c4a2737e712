import { commandNames, eventNames } from '../../shared/contract/names';
import { subscriberName } from '../../shared/contract/api';
import { AppErrorCode, ParleyError, fromOutcome } from '../../shared/contract/errors';
import { createShellLink } from './shellLink';

/**
 * The browser half of the web shell: gives the page the same frozen `window.parley` the Electron preload gives it,
 * carried over a local WebSocket to the shell that owns the engine.
 */
function readToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  return match?.[1] ?? null;
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();
const emit = (name: string, payload: unknown): void => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
};

const token = readToken();
const link = createShellLink({
  url: `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/bridge`,
  token: token ?? '',
  onEvent: emit,
  onDown: () =>
    emit('connectionChanged', { state: 'offline', reason: 'local shell unreachable', rttMs: null, retryAt: null, sync: null }),
  // Events pushed while the socket was down are lost: hand the page fresh state through the usual events.
  onReconnected: (call) => {
    void call('getSession', {}).then((session) => emit('sessionChanged', session), () => undefined);
    void call('getConnection', {}).then((state) => emit('connectionChanged', state), () => undefined);
    void call('getSettings', {}).then((settings) => emit('settingsChanged', settings), () => undefined);
  },
});
if (token === null) link.refuse('the page address has no #token=…');

const api: Record<string, unknown> = {};
for (const name of commandNames) {
  api[name] = async (input: unknown) => fromOutcome(await link.call(name, input ?? {}));
}
for (const name of eventNames) {
  api[subscriberName(name)] = (listener: (payload: unknown) => void) => {
    if (typeof listener !== 'function') throw new ParleyError(AppErrorCode.InvalidInput, 'listener must be a function');
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener);
    return () => void set.delete(listener);
  };
}

Object.defineProperty(window, 'parley', { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
