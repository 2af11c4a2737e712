import type { AppErrorCode } from '../../../shared/contract/errors';
import type { I18n } from '../i18n/createI18n';

const codes = new Set<string>([
  'invalid_input', 'not_signed_in', 'auth_failed', 'username_taken', 'server_unreachable', 'offline',
  'not_found', 'forbidden', 'rate_limited', 'session_expired', 'internal',
]);

/** The error code of a rejected call. Read by shape: the bridge's ParleyError class is not this bundle's class. */
export function errorCode(error: unknown): AppErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && codes.has(code) ? (code as AppErrorCode) : 'internal';
}

export function errorText(i18n: I18n, error: unknown): string {
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  return i18n.t(`error.${code}`, { detail });
}
