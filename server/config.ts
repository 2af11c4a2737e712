import type pino from 'pino';
import { AUTH_TIMEOUT_MS, MAX_FRAME_BYTES, SERVER_PING_INTERVAL_MS, SYNC_PAGE_MAX_BYTES } from '../shared/protocol';

/** Operational bounds of one server. Every field can be overridden through `startServer({ limits })`. */
export interface ServerLimits {
  /** Largest client frame (ws `maxPayload`); bigger frames close the socket with 1009. */
  maxPayloadBytes: number;
  /** Unauthenticated sockets are closed with 4001 after this long. */
  authTimeoutMs: number;
  /** Ping interval; a socket that did not answer the previous ping is terminated. */
  pingIntervalMs: number;
  /** Token bucket per user (per socket before authentication): burst size and refill per second. */
  rateBurst: number;
  ratePerSecond: number;
  /** Calls refused as rate limited since the last accepted call before the socket is closed with 4003. */
  rateMaxRejected: number;
  /** Consecutive bad frames before the socket is closed with 4000. */
  maxBadFrames: number;
  /** A socket whose unsent data exceeds this is closed with 4004 (slow consumer). */
  maxBufferedBytes: number;
  maxConnectionsPerIp: number;
  maxConnections: number;
  /** Session token lifetime. */
  sessionTtlMs: number;
  /** Password hashes computed at once, and how many may wait before logins are refused as rate limited. */
  hashConcurrency: number;
  hashQueue: number;
  /** Byte budget of one sync page and one live `events` frame. */
  pageMaxBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export const defaultLimits: ServerLimits = {
  maxPayloadBytes: MAX_FRAME_BYTES,
  authTimeoutMs: AUTH_TIMEOUT_MS,
  pingIntervalMs: SERVER_PING_INTERVAL_MS,
  rateBurst: 200,
  ratePerSecond: 50,
  rateMaxRejected: 50,
  maxBadFrames: 10,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxConnectionsPerIp: 256,
  maxConnections: 20_000,
  sessionTtlMs: 30 * 24 * 60 * 60 * 1000,
  hashConcurrency: 2,
  hashQueue: 64,
  pageMaxBytes: SYNC_PAGE_MAX_BYTES,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
};

export const defaultSupportTexts = {
  welcome: 'Welcome to Parley! This is the support desk: write here whenever you need help.',
  autoReply: 'Thanks for your message. Someone from support will get back to you soon.',
};

export interface SupportBotOptions {
  welcome?: string;
  autoReply?: string;
}

export interface ServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8787; 0 picks a free port. */
  port?: number;
  dataDir: string;
  /** On by default; `false` turns it off; an object sets its texts. */
  supportBot?: boolean | SupportBotOptions;
  /** PEM certificate chain and key: serves wss:// */
  tls?: { cert: string | Buffer; key: string | Buffer };
  logger?: pino.Logger;
  limits?: Partial<ServerLimits>;
  /**
   * TESTS ONLY: hash passwords with a cheap scrypt cost instead of the OWASP parameters, so suites that create many
   * accounts stay fast. Never exposed by the CLI.
   */
  insecureFastPasswordHashingForTestsOnly?: boolean;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  dataDir: string;
  support: { welcome: string; autoReply: string } | null;
  tls: { cert: string | Buffer; key: string | Buffer } | null;
  limits: ServerLimits;
  fastHashing: boolean;
}

export function resolveOptions(options: ServerOptions): ResolvedOptions {
  const bot = options.supportBot ?? true;
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 8787,
    dataDir: options.dataDir,
    support: bot === false ? null : { ...defaultSupportTexts, ...(bot === true ? {} : stripUndefined(bot)) },
    tls: options.tls ?? null,
    limits: { ...defaultLimits, ...stripUndefined(options.limits ?? {}) },
    fastHashing: options.insecureFastPasswordHashingForTestsOnly === true,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
