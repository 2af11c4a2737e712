import WebSocket from 'ws';
import type { ConnectionState, ConnectionStateName } from '../../../shared/domain';
import {
  CloseCode,
  ErrorCode,
  MAX_SERVER_FRAME_BYTES,
  methods,
  parseServerFrame,
  describeIssues,
  terminalCloseCodes,
  unauthenticatedMethods,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type ServerFrame,
} from '../../../shared/protocol';
import { authenticate, terminalAuthCodes } from './auth';
import { Backoff } from './backoff';
import { CallError, LocalFailure } from './errors';
import { Heartbeat } from './heartbeat';
import { PendingCalls } from './pending-calls';
import { closeGracefully, describeClose, errorMessage } from './socket-close';
import type { CallOptions, ConnectionOptions, Credentials, TerminalCode } from './types';

export type { AuthenticatedSession, CallOptions, ConnectionHooks, ConnectionOptions, Credentials, TerminalCode, TerminalFailure } from './types';

const RTT_SMOOTHING = 0.2;

/**
 * One logical connection to the relay: reconnects with full-jitter backoff, authenticates, lets the owner sync,
 * pings to measure round-trip time, and drops sockets that went silent (half-open). All state changes go
 * through `setState`.
 */
export class Connection {
  private socket: WebSocket | null = null;
  private readonly pending = new PendingCalls();
  private readonly backoff: Backoff;
  private credentials: Credentials;
  private stopped = true;
  private disposed = false;
  private authenticated = false;

  private state: ConnectionStateName = 'offline';
  private reason = 'not started';
  private retryAt: number | null = null;
  private rttMs: number | null = null;
  private sync: { applied: number; done: boolean } | null = null;
  /** Why we are dropping the current socket, reported when its close event arrives. */
  private dropReason: string | null = null;
  private retryNotBefore = 0;

  private heartbeat: Heartbeat | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ConnectionOptions) {
    this.credentials = options.credentials;
    this.backoff = new Backoff(options.timings.backoffBaseMs, options.timings.backoffCapMs, options.random);
  }

  get snapshot(): ConnectionState {
    return { state: this.state, reason: this.reason, rttMs: this.rttMs, retryAt: this.retryAt, sync: this.sync };
  }

  get isAuthenticated(): boolean {
    return this.authenticated;
  }

  get isOnline(): boolean {
    return this.state === 'online';
  }

  /** Failed attempts since the last stable connection (for diagnostics and tests). */
  get failedAttempts(): number {
    return this.backoff.attempts;
  }

  start(): void {
    if (this.disposed || !this.stopped) return;
    this.stopped = false;
    this.openSocket('starting');
  }

  /** Closes the socket and stops retrying (sign-out, dispose). */
  stop(reason: string): void {
    this.stopped = true;
    this.clearRetry();
    const ws = this.socket;
    if (ws !== null) {
      this.detachSocket(reason);
      closeGracefully(ws);
    }
    this.setState('offline', reason);
  }

  dispose(): void {
    if (this.disposed) return;
    this.stop('closed');
    this.disposed = true;
  }

  /** The OS reports the network is back: retry now instead of waiting out the backoff. */
  networkOnline(): void {
    if (this.stopped || this.socket !== null) return;
    this.clearRetry();
    this.backoff.reset();
    this.openSocket('network is back');
  }

  /** The OS reports the network is gone: the socket is most likely dead, so do not wait for the watchdog. */
  networkOffline(): void {
    this.reconnect('network went offline');
  }

  /** Drops the current socket; the usual backoff brings a new one (and a fresh sync from the stored cursor). */
  reconnect(reason: string): void {
    if (this.socket !== null) this.drop(this.socket, reason);
  }

  async call<M extends MethodName>(method: M, params: MethodParams<M>, options: CallOptions = {}): Promise<MethodResult<M>> {
    const ws = this.socket;
    if (ws === null || ws.readyState !== WebSocket.OPEN) throw new CallError(LocalFailure.Disconnected, `${method}: not connected`);
    if (!this.authenticated && !unauthenticatedMethods.has(method)) {
      throw new CallError(LocalFailure.Disconnected, `${method}: not authenticated yet`);
    }
    const { id, result } = this.pending.open(method, options.timeoutMs ?? this.options.timings.callTimeoutMs);
    ws.send(JSON.stringify({ type: 'call', id, method, params }), (error) => {
      if (error) this.pending.reject(id, new CallError(LocalFailure.Disconnected, `${method}: ${error.message}`));
    });
    const raw = await result;
    const parsed = methods[method].result.safeParse(raw);
    if (!parsed.success) throw new CallError(LocalFailure.BadResult, `${method}: unexpected result: ${describeIssues(parsed.error)}`);
    return parsed.data as MethodResult<M>;
  }

  private openSocket(reason: string): void {
    this.retryAt = null;
    this.setState('connecting', reason);
    const { timings, ca, url } = this.options;
    const ws = new WebSocket(url, {
      handshakeTimeout: timings.connectTimeoutMs,
      maxPayload: MAX_SERVER_FRAME_BYTES,
      ...(ca !== undefined ? { ca } : {}),
    });
    this.socket = ws;
    this.dropReason = null;
    let lastError: string | null = null;
    ws.on('open', () => this.onOpen(ws));
    ws.on('message', (data, isBinary) => this.onMessage(ws, isBinary ? null : String(data)));
    ws.on('error', (error) => {
      lastError = error.message;
    });
    ws.on('close', (code, why) => this.onClose(ws, code, why.toString() || lastError));
  }

  private onOpen(ws: WebSocket): void {
    if (ws !== this.socket) return;
    this.setState('authenticating', 'connected');
    const { pingIntervalMs, watchdogMs } = this.options.timings;
    this.heartbeat = new Heartbeat({
      pingIntervalMs,
      watchdogMs,
      ping: () => this.call('ping', {}, { timeoutMs: pingIntervalMs }),
      onRoundTrip: (ms) => {
        this.rttMs = this.rttMs === null ? ms : this.rttMs + RTT_SMOOTHING * (ms - this.rttMs);
        this.publish();
      },
      onSilence: (silentFor) => this.drop(ws, `no frame from the server for ${silentFor} ms (half-open connection)`),
    });
    void this.establish(ws);
  }

  private async establish(ws: WebSocket): Promise<void> {
    try {
      const session = await authenticate(this.credentials, (method, params, options) => this.call(method, params, options), this.options.timings.connectTimeoutMs);
      if (ws !== this.socket) return;
      this.authenticated = true;
      this.credentials = { kind: 'resume', token: session.token };
      await this.options.hooks.authenticated?.(session);
      if (ws !== this.socket) return;
      this.stableTimer = setTimeout(() => this.backoff.reset(), this.options.timings.stableAfterMs);
      this.sync = { applied: 0, done: false };
      this.setState('syncing', 'signed in, catching up');
      await this.options.hooks.synchronize?.((applied) => {
        if (ws !== this.socket) return;
        this.sync = { applied, done: false };
        this.publish();
      });
      if (ws !== this.socket) return;
      this.sync = { applied: this.sync.applied, done: true };
      this.setState('online', 'up to date');
    } catch (error) {
      if (ws !== this.socket) return;
      const signingIn = !this.authenticated && this.credentials.kind !== 'resume';
      const rateLimited = error instanceof CallError && error.code === ErrorCode.RateLimited;
      const terminal =
        error instanceof CallError && !this.authenticated ? (rateLimited && signingIn ? 'rate_limited' : terminalAuthCodes[error.code]) : undefined;
      if (terminal !== undefined) {
        this.terminate(terminal, errorMessage(error));
        return;
      }
      // The server asked us to slow down: the next attempt waits at least that long.
      if (rateLimited) this.retryNotBefore = Date.now() + (error.retryAfterMs ?? 0);
      this.drop(ws, `${this.authenticated ? 'sync' : 'authentication'} failed: ${errorMessage(error)}`);
    }
  }

  private onMessage(ws: WebSocket, raw: string | null): void {
    if (ws !== this.socket) return;
    this.heartbeat?.frameReceived();
    if (raw === null) {
      this.options.logger.warn('ignoring a binary frame from the server');
      return;
    }
    const parsed = parseServerFrame(raw);
    if (!parsed.ok) {
      this.options.logger.warn({ problem: parsed.message }, 'ignoring a bad frame from the server');
      return;
    }
    this.handleFrame(parsed.value);
  }

  private handleFrame(frame: ServerFrame): void {
    const { hooks, logger } = this.options;
    switch (frame.type) {
      case 'hello':
        logger.debug({ serverTime: frame.serverTime }, 'server hello');
        return;
      case 'result':
        if (!this.pending.resolve(frame.id, frame.result)) logger.debug({ id: frame.id }, 'result for a call no longer waiting');
        return;
      case 'error': {
        const error = new CallError(frame.code, frame.message, frame.retryAfterMs);
        if (frame.id === undefined || !this.pending.reject(frame.id, error)) logger.warn({ code: frame.code, message: frame.message }, 'server error');
        return;
      }
      case 'events':
        hooks.events?.(frame.events);
        return;
      case 'typing':
        hooks.typing?.({ convId: frame.convId, userId: frame.userId, on: frame.on });
        return;
      case 'presence':
        hooks.presence?.(frame.presence);
        return;
    }
  }

  private onClose(ws: WebSocket, code: number, why: string | null): void {
    if (ws !== this.socket) return;
    const reason = this.dropReason ?? describeClose(code, why);
    const wasLogin = this.credentials.kind !== 'resume';
    this.detachSocket(reason);
    this.options.logger.info({ code, reason }, 'disconnected');
    if (this.stopped) return;
    if (terminalCloseCodes.has(code)) {
      const terminal: TerminalCode =
        code === CloseCode.SignedOut ? 'signed_out' : code === CloseCode.UnsupportedVersion ? 'unsupported_version' : wasLogin ? 'auth_failed' : 'session_expired';
      this.terminate(terminal, reason);
      return;
    }
    this.scheduleRetry(reason);
  }

  /** Forgets the current socket: timers cleared, calls rejected, owner told. Its close event is then ignored. */
  private detachSocket(reason: string): void {
    this.socket = null;
    this.authenticated = false;
    this.rttMs = null;
    this.sync = null;
    this.heartbeat?.dispose();
    this.heartbeat = null;
    if (this.stableTimer !== null) clearTimeout(this.stableTimer);
    this.stableTimer = null;
    this.pending.rejectAll(`connection lost: ${reason}`);
    this.options.hooks.disconnected?.();
  }

  private terminate(code: TerminalCode, message: string): void {
    const ws = this.socket;
    this.stopped = true;
    this.clearRetry();
    if (ws !== null) {
      this.detachSocket(message);
      closeGracefully(ws);
    }
    this.setState('offline', message);
    this.options.logger.warn({ code, message }, 'connection stopped');
    this.options.hooks.terminated?.({ code, message });
  }

  private drop(ws: WebSocket, reason: string): void {
    if (ws !== this.socket) return;
    this.options.logger.info({ reason }, 'dropping the socket');
    this.dropReason = reason;
    ws.terminate();
  }

  private scheduleRetry(reason: string): void {
    const delay = Math.max(this.backoff.next(), this.retryNotBefore - Date.now());
    this.retryNotBefore = 0;
    this.retryAt = Date.now() + delay;
    this.setState('offline', reason);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.openSocket(`retry ${this.backoff.attempts}`);
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
  }

  /** The one place the state changes. */
  private setState(state: ConnectionStateName, reason: string): void {
    if (state !== 'offline') this.retryAt = null;
    if (state === 'offline' || state === 'connecting' || state === 'authenticating') this.sync = null;
    const changed = state !== this.state || reason !== this.reason;
    this.state = state;
    this.reason = reason;
    if (changed) this.options.logger.debug({ state, reason }, 'connection state');
    this.publish();
  }

  private publish(): void {
    this.options.hooks.stateChanged?.(this.snapshot);
  }
}

