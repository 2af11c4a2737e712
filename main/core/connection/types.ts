import type { Logger } from 'pino';
import type { ConnectionState } from '../../../shared/domain';
import type { Event, Member, PresenceInfo } from '../../../shared/protocol';
import type { ConnectionTimings } from './timings';

/** How the socket authenticates: a stored token, or a password for the first sign-in / registration. */
export type Credentials =
  | { kind: 'resume'; token: string }
  | { kind: 'login' | 'register'; username: string; password: string };

export interface AuthenticatedSession {
  token: string;
  user: Member;
  expiresAt: number;
  /** True when the token was just issued by login/register (it must be saved), false for a resumed one. */
  fresh: boolean;
}

/** Why the connection stopped for good instead of retrying. */
export type TerminalCode =
  | 'auth_failed'
  | 'username_taken'
  | 'invalid_input'
  | 'rate_limited'
  | 'session_expired'
  | 'signed_out'
  | 'unsupported_version';
export interface TerminalFailure {
  code: TerminalCode;
  message: string;
}

export interface ConnectionHooks {
  /** After authentication, before syncing: the owner records the account (and saves a fresh token). */
  authenticated?(session: AuthenticatedSession): Promise<void> | void;
  /** Runs in state 'syncing' and resolves once caught up; `report` publishes how many events were applied. */
  synchronize?(report: (applied: number) => void): Promise<void>;
  events?(events: Event[]): void;
  typing?(frame: { convId: string; userId: string; on: boolean }): void;
  presence?(presence: PresenceInfo): void;
  stateChanged?(state: ConnectionState): void;
  /** The socket went away (calls in flight were already rejected). */
  disconnected?(): void;
  /** The connection stopped and will not retry: bad credentials, dead token, signed out, incompatible server. */
  terminated?(failure: TerminalFailure): void;
}

export interface ConnectionOptions {
  url: string;
  credentials: Credentials;
  timings: ConnectionTimings;
  hooks: ConnectionHooks;
  logger: Logger;
  /** Extra trusted certificate authority for wss:// (tests with a self-signed server); verification stays on. */
  ca?: string | Buffer;
  random?: () => number;
}

export interface CallOptions {
  timeoutMs?: number;
}

