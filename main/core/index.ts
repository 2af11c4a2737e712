/**
 * The Electron-free engine: what the shells (Electron main process, web shell), the tests and the benches use.
 *
 *   const messenger = await Messenger.open({ profileDir, vault: new FileSessionVault(profileDir), capabilities });
 *   messenger.subscribe(sink);               // every contract event (EventSink)
 *   messenger.onIncoming(notify);            // others' new messages, for notifications
 *   await dispatchCommand(messenger, name, input);   // every contract call, validated
 *   messenger.networkChanged(online); messenger.totalUnread(); messenger.requestOpenConversation(convId);
 *   await messenger.dispose();               // pending outbox stays on disk
 */
export { Messenger, type MessengerOptions, type IncomingItem, type IncomingListener, type LinkTuning } from './messenger';
export { FileSessionVault, MemorySessionVault, StoredSession, type SessionVault } from './session';
export { defaultTimings, type ConnectionTimings } from './connection';
export { createLogger, silentLogger, type Logger } from './logger';
export { dispatchCommand, isCommandName } from './api/dispatch';
export { BackgroundThreads } from './process/background-threads';
