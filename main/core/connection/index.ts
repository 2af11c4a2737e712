export { Backoff } from './backoff';
export { Connection, type AuthenticatedSession, type CallOptions, type ConnectionHooks, type ConnectionOptions, type Credentials, type TerminalCode, type TerminalFailure } from './connection';
export { CallError, isCallError, LocalFailure, type CallFailureCode } from './errors';
export { defaultTimings, resolveTimings, type ConnectionTimings } from './timings';
