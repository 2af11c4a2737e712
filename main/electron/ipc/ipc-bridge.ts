import type { CommandHandlers, EventSink, Unsubscribe } from '../../../shared/contract/api';
import { AppErrorCode, type Outcome } from '../../../shared/contract/errors';
import { commandChannel, commandNames, EVENT_CHANNEL, type EventName } from '../../../shared/contract/names';
import { dispatchCommand } from '../../core/api/dispatch';
import { isAppUrl } from '../security/app-protocol';

/** What an `ipcMain.handle` listener receives about its caller. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/**
 * A call is trusted only when it comes from the top frame of the app's own window, showing the app's own page:
 * not from an iframe, not from another webContents, not after something navigated the window elsewhere.
 */
export function isTrustedSender(event: InvokeEventLike, appContentsId: number | null): boolean {
  const frame = event.senderFrame;
  if (appContentsId === null || event.sender.id !== appContentsId) return false;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

const untrusted: Outcome<never> = {
  ok: false,
  error: { code: AppErrorCode.Forbidden, message: 'call refused: it does not come from the Parley window' },
};

/**
 * One handler per contract call on its own channel. Each checks the sender first, then goes through
 * `dispatchCommand`, which validates the input with the shared schema and turns every failure into an Outcome.
 * Returns the function that removes every handler again.
 */
export function registerCommandHandlers(
  ipcMain: IpcMainLike,
  handlers: CommandHandlers,
  appContentsId: () => number | null,
): () => void {
  for (const name of commandNames) {
    ipcMain.handle(commandChannel(name), async (event, input) => {
      if (!isTrustedSender(event, appContentsId())) return untrusted;
      return dispatchCommand(handlers, name, input);
    });
  }
  return () => {
    for (const name of commandNames) ipcMain.removeHandler(commandChannel(name));
  };
}

/** The renderer side of events: the window's webContents. */
export interface EventTarget {
  send(channel: string, message: { name: EventName; payload: unknown }): void;
  isDestroyed(): boolean;
}

export interface EventSource {
  subscribe(sink: EventSink): Unsubscribe;
}

/**
 * Pushes every engine event to the window on the single event channel as `{ name, payload }`. The subscription
 * must end with the window (the caller does it on 'closed'); a destroyed webContents is never written to.
 */
export function forwardEvents(source: EventSource, target: EventTarget): Unsubscribe {
  return source.subscribe((name, payload) => {
    if (!target.isDestroyed()) target.send(EVENT_CHANNEL, { name, payload });
  });
}

/** The window whose webContents receives events. */
export interface EventWindow {
  readonly webContents: EventTarget;
  once(event: 'closed', listener: () => void): unknown;
}

/** Forwards events to a window for as long as it exists; the subscription ends when the window closes. */
export function bindWindowEvents(source: EventSource, window: EventWindow): Unsubscribe {
  const unsubscribe = forwardEvents(source, window.webContents);
  window.once('closed', unsubscribe);
  return unsubscribe;
}
