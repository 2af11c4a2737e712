import { ErrorCode } from '../../../shared/protocol/codes';

/** Failures that happen on our side of the wire rather than being reported by the server. */
export const LocalFailure = {
  /** The socket closed (or was never open) before the result arrived. */
  Disconnected: 'disconnected',
  Timeout: 'timeout',
  /** The server answered with something that does not match the method's result schema. */
  BadResult: 'bad_result',
} as const;
export type LocalFailure = (typeof LocalFailure)[keyof typeof LocalFailure];

export type CallFailureCode = ErrorCode | LocalFailure;

/** Server refusals that will not change by sending the same thing again. */
const permanentCodes: ReadonlySet<CallFailureCode> = new Set<CallFailureCode>([
  ErrorCode.NotFound,
  ErrorCode.Forbidden,
  ErrorCode.InvalidParams,
  ErrorCode.Conflict,
  ErrorCode.BadFrame,
  ErrorCode.UnknownMethod,
]);

/** Why a call failed: a server `error` frame or a local failure. */
export class CallError extends Error {
  override readonly name = 'CallError';

  constructor(
    readonly code: CallFailureCode,
    message: string,
    /** With rate_limited: how long the server asked us to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** True when sending the same call again later can succeed (the outbox keeps such items queued). */
  get transient(): boolean {
    return !permanentCodes.has(this.code);
  }
}

export const isCallError = (error: unknown, code?: CallFailureCode): error is CallError =>
  error instanceof CallError && (code === undefined || error.code === code);
