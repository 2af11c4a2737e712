/** Why a call failed, as a stable code the renderer can translate; the message is English detail for logs. */
export const AppErrorCode = {
  InvalidInput: 'invalid_input',
  NotSignedIn: 'not_signed_in',
  AuthFailed: 'auth_failed',
  UsernameTaken: 'username_taken',
  ServerUnreachable: 'server_unreachable',
  /** The call needs the server (find users, create a group) and the engine is not online. */
  Offline: 'offline',
  NotFound: 'not_found',
  Forbidden: 'forbidden',
  RateLimited: 'rate_limited',
  SessionExpired: 'session_expired',
  Internal: 'internal',
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];
const appErrorCodes = new Set<string>(Object.values(AppErrorCode));

/** The error every call rejects with, on both sides of the bridge. */
export class ParleyError extends Error {
  override readonly name = 'ParleyError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What crosses the IPC or web bridge for a call: errors travel as data because IPC drops custom error fields. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: { code: AppErrorCode; message: string } };

export function toOutcomeError(error: unknown): { code: AppErrorCode; message: string } {
  if (error instanceof ParleyError) return { code: error.code, message: error.message };
  return { code: AppErrorCode.Internal, message: error instanceof Error ? error.message : String(error) };
}

export function fromOutcome<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const code = appErrorCodes.has(outcome.error.code) ? outcome.error.code : AppErrorCode.Internal;
  throw new ParleyError(code, outcome.error.message);
}
