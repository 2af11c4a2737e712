import { ErrorCode } from '../../shared/protocol';

/** A refusal that goes back to the caller as an `error` frame with this code; `closeWith` then closes the socket. */
export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { retryAfterMs?: number; closeWith?: number } = {},
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** The one answer for "does not exist" and "you may not know it exists". */
export const notFound = (what: string): RpcError => new RpcError(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (why: string): RpcError => new RpcError(ErrorCode.Forbidden, why);
export const invalid = (why: string): RpcError => new RpcError(ErrorCode.InvalidParams, why);
