/** The Electron-free engine: what the shells (Electron main process, web shell) and the tests use. */
export { Messenger, type MessengerOptions, type IncomingItem, type IncomingListener, type LinkTuning } from './messenger';
export { FileSessionVault, MemorySessionVault, StoredSession, type SessionVault } from './session';
export { defaultTimings, type ConnectionTimings } from './connection';
export { createLogger, silentLogger, type Logger } from './logger';
export { dispatchCommand, isCommandName } from './api/dispatch';
