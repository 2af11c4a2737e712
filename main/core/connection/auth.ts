import { ErrorCode, PROTOCOL_VERSION, type MethodName, type MethodParams, type MethodResult } from '../../../shared/protocol';
import type { AuthenticatedSession, CallOptions, Credentials, TerminalCode } from './types';

type Call = <M extends MethodName>(method: M, params: MethodParams<M>, options?: CallOptions) => Promise<MethodResult<M>>;

/** Authenticates a fresh socket with a token (resume) or a password (login/register). */
export async function authenticate(credentials: Credentials, call: Call, timeoutMs: number): Promise<AuthenticatedSession> {
  if (credentials.kind === 'resume') {
    const result = await call('resume', { v: PROTOCOL_VERSION, token: credentials.token }, { timeoutMs });
    return { token: credentials.token, user: result.user, expiresAt: result.expiresAt, fresh: false };
  }
  const params = { v: PROTOCOL_VERSION, username: credentials.username, password: credentials.password } as const;
  const result = await call(credentials.kind, params, { timeoutMs });
  return { token: result.token, user: result.user, expiresAt: result.expiresAt, fresh: true };
}

/** Refusals of an authentication call that retrying with the same credentials cannot fix. */
export const terminalAuthCodes: Partial<Record<string, TerminalCode>> = {
  [ErrorCode.TokenInvalid]: 'session_expired',
  [ErrorCode.TokenExpired]: 'session_expired',
  [ErrorCode.AuthFailed]: 'auth_failed',
  [ErrorCode.UsernameTaken]: 'username_taken',
  [ErrorCode.InvalidParams]: 'invalid_input',
  [ErrorCode.UnsupportedVersion]: 'unsupported_version',
};
