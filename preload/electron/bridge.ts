import { subscriberName, type ParleyApi } from '../../shared/contract/api';
import { fromOutcome, type Outcome } from '../../shared/contract/errors';
import { commandChannel, commandNames, EVENT_CHANNEL, eventNames, type EventName } from '../../shared/contract/names';

/** The parts of `ipcRenderer` the bridge uses; the raw object never reaches the page. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Listener = (payload: unknown) => void;

const knownEvents = new Set<string>(eventNames);
const isEventMessage = (value: unknown): value is { name: EventName; payload: unknown } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { name?: unknown }).name === 'string' &&
  knownEvents.has((value as { name: string }).name);

/**
 * Builds `window.parley` from the contract's names: one method per call (invoke its channel, unwrap the Outcome,
 * rethrow failures as ParleyError) and one `onX(listener)` per event returning its unsubscribe. A single IPC
 * listener fans events out, so the page never sees the IPC event object and never adds IPC listeners itself.
 */
export function createParleyApi(ipc: IpcRendererLike): ParleyApi {
  const listeners = new Map<EventName, Set<Listener>>(eventNames.map((name) => [name, new Set<Listener>()]));
  ipc.on(EVENT_CHANNEL, (_event, message) => {
    if (!isEventMessage(message)) return;
    for (const listener of [...listeners.get(message.name)!]) {
      try {
        listener(message.payload);
      } catch (error) {
        console.error(`parley: a listener for "${message.name}" threw`, error);
      }
    }
  });

  const api: Record<string, unknown> = {};
  for (const name of commandNames) {
    api[name] = async (input?: unknown) => fromOutcome((await ipc.invoke(commandChannel(name), input ?? {})) as Outcome<unknown>);
  }
  for (const name of eventNames) {
    api[subscriberName(name)] = (listener: Listener) => {
      if (typeof listener !== 'function') throw new TypeError(`${subscriberName(name)} needs a function`);
      // Wrapping makes every subscription distinct, so subscribing the same function twice needs two unsubscribes.
      const entry: Listener = (payload) => listener(payload);
      listeners.get(name)!.add(entry);
      return () => {
        listeners.get(name)!.delete(entry);
      };
    };
  }
  return Object.freeze(api) as unknown as ParleyApi;
}
