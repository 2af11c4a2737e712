import { AppErrorCode, ParleyError } from '../../../shared/contract/errors';
import { ErrorCode } from '../../../shared/protocol';
import { CallError, LocalFailure } from '../connection/errors';
import type { TerminalCode } from '../connection/connection';
import { StoreError } from '../store/errors';

const byCallCode: Partial<Record<string, AppErrorCode>> = {
  [ErrorCode.NotFound]: AppErrorCode.NotFound,
  [ErrorCode.Forbidden]: AppErrorCode.Forbidden,
  [ErrorCode.InvalidParams]: AppErrorCode.InvalidInput,
  [ErrorCode.RateLimited]: AppErrorCode.RateLimited,
  [ErrorCode.AuthFailed]: AppErrorCode.AuthFailed,
  [ErrorCode.UsernameTaken]: AppErrorCode.UsernameTaken,
  [ErrorCode.TokenInvalid]: AppErrorCode.SessionExpired,
  [ErrorCode.TokenExpired]: AppErrorCode.SessionExpired,
  [ErrorCode.Unauthenticated]: AppErrorCode.Offline,
  [LocalFailure.Disconnected]: AppErrorCode.Offline,
  [LocalFailure.Timeout]: AppErrorCode.Offline,
};

const byStoreCode: Partial<Record<string, AppErrorCode>> = {
  not_found: AppErrorCode.NotFound,
  forbidden: AppErrorCode.Forbidden,
};

const byTerminalCode: Record<TerminalCode, AppErrorCode> = {
  auth_failed: AppErrorCode.AuthFailed,
  username_taken: AppErrorCode.UsernameTaken,
  invalid_input: AppErrorCode.InvalidInput,
  rate_limited: AppErrorCode.RateLimited,
  session_expired: AppErrorCode.SessionExpired,
  signed_out: AppErrorCode.SessionExpired,
  unsupported_version: AppErrorCode.ServerUnreachable,
};

/** Turns whatever a layer below threw into the ParleyError the renderer understands. */
export function toParleyError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error;
  if (error instanceof CallError) return new ParleyError(byCallCode[error.code] ?? AppErrorCode.Internal, error.message);
  if (error instanceof StoreError) return new ParleyError(byStoreCode[error.code] ?? AppErrorCode.Internal, error.message);
  return new ParleyError(AppErrorCode.Internal, error instanceof Error ? error.message : String(error));
}

export const terminalToParleyError = (code: TerminalCode, message: string): ParleyError => new ParleyError(byTerminalCode[code], message);
