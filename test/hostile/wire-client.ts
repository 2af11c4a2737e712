import { WebSocket } from 'ws';
import {
  parseServerFrame,
  PROTOCOL_VERSION,
  type Event,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type ServerFrame,
} from '../../shared/protocol';

export class WireCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * A minimal, well-behaved protocol client for the hostile tests: it speaks only valid frames, checks every
 * frame it receives against the protocol schema, and records live events. Written here rather than reusing
 * the engine so that the tests judge the server alone.
 */
export class WireClient {
  readonly events: Event[] = [];
  /** Frames from the server that did not match the protocol (must stay empty). */
  readonly invalidFrames: string[] = [];
  readonly errors: ServerFrame[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly eventWaiters = new Set<() => void>();
  closeCode: number | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => this.onMessage(String(data), isBinary));
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const call of this.pending.values()) call.reject(new WireCallError('disconnected', `closed with ${code}`));
      this.pending.clear();
    });
    socket.on('error', () => undefined);
  }

  static open(url: string, timeoutMs = 10_000): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
      socket.once('open', () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  call<M extends MethodName>(method: M, params: MethodParams<M>, timeoutMs = 10_000): Promise<MethodResult<M>> {
    const id = this.nextId++;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new WireCallError('timeout', `${method} got no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as MethodResult<M>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      if (this.socket.readyState !== WebSocket.OPEN) {
        this.pending.get(id)?.reject(new WireCallError('disconnected', 'socket not open'));
        this.pending.delete(id);
        return;
      }
      this.socket.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  }

  register(username: string, password: string) {
    return this.call('register', { v: PROTOCOL_VERSION, username, password });
  }

  login(username: string, password: string) {
    return this.call('login', { v: PROTOCOL_VERSION, username, password });
  }

  resume(token: string) {
    return this.call('resume', { v: PROTOCOL_VERSION, token });
  }

  /** Resolves when `check` holds over the received events (or rejects after the timeout). */
  waitForEvents(check: (events: Event[]) => boolean, timeoutMs = 10_000): Promise<void> {
    if (check(this.events)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = () => {
        if (!check(this.events)) return;
        clearTimeout(timer);
        this.eventWaiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(() => {
        this.eventWaiters.delete(waiter);
        reject(new Error(`expected events did not arrive in ${timeoutMs} ms (have ${this.events.length})`));
      }, timeoutMs);
      this.eventWaiters.add(waiter);
    });
  }

  /** Resolves with the close code once the server closed the socket. */
  whenClosed(timeoutMs = 10_000): Promise<number> {
    if (this.closeCode !== null) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket still open')), timeoutMs);
      this.socket.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  close(): void {
    this.socket.terminate();
  }

  private onMessage(raw: string, isBinary: boolean): void {
    const parsed = parseServerFrame(raw);
    if (isBinary || !parsed.ok) {
      this.invalidFrames.push(raw.slice(0, 200));
      return;
    }
    const frame = parsed.value;
    if (frame.type === 'events') {
      this.events.push(...frame.events);
      for (const waiter of [...this.eventWaiters]) waiter();
      return;
    }
    if (frame.type !== 'result' && frame.type !== 'error') return;
    if (frame.type === 'error') this.errors.push(frame);
    if (frame.id === undefined) return;
    const call = this.pending.get(frame.id);
    if (!call) return;
    this.pending.delete(frame.id);
    if (frame.type === 'result') call.resolve(frame.result);
    else call.reject(new WireCallError(frame.code, frame.message));
  }
}
