import { WebSocket, type ClientOptions } from 'ws';
import {
  MAX_SERVER_FRAME_BYTES,
  methods,
  parseServerFrame,
  PROTOCOL_VERSION,
  type ErrorCode,
  type Event,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type PresenceInfo,
  type ServerFrame,
} from '../../shared/protocol';

/** An `error` frame answering a call. */
export class CallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${code}: ${message}`);
    this.name = 'CallError';
  }
}

export interface Closed {
  code: number;
  reason: string;
}

type Waiter = { test: () => boolean; resolve: () => void };

/**
 * A real WebSocket client speaking the Parley protocol, for tests and benchmarks: `call()` correlates results by id
 * and validates them against the method's schema; pushed frames (events, typing, presence) are collected.
 */
export class TestClient {
  /** Every frame that was not the answer to a call, in arrival order. */
  readonly pushed: ServerFrame[] = [];
  /** Events from `events` frames, in arrival order. */
  readonly liveEvents: Event[] = [];
  readonly errorsWithoutId: ServerFrame[] = [];
  hello: Extract<ServerFrame, { type: 'hello' }> | null = null;
  closedWith: Closed | null = null;
  readonly closed: Promise<Closed>;

  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (frame: ServerFrame) => void }>();
  private waiters: Waiter[] = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        for (const call of this.calls.values()) call.resolve({ type: 'error', code: 'internal', message: `socket closed (${code})` });
        this.calls.clear();
        resolve(this.closedWith);
        this.check();
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => this.receive(isBinary ? '' : data.toString()));
  }

  /** Connects and waits for the server's `hello`. */
  static async connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(url, { maxPayload: MAX_SERVER_FRAME_BYTES, ...options });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    await client.waitUntil(() => client.hello !== null || client.closedWith !== null, 5_000, 'hello');
    return client;
  }

  /** Calls a method; resolves with its validated result or rejects with a CallError. */
  async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const frame = await this.callRaw(method, params);
    if (frame.type === 'error') throw new CallError(frame.code, frame.message, frame.retryAfterMs);
    if (frame.type !== 'result') throw new Error(`unexpected answer ${frame.type}`);
    return methods[method].result.parse(frame.result) as MethodResult<M>;
  }

  /** Calls a method and returns the answering frame as it is (result or error), without validating params. */
  callRaw(method: string, params: unknown): Promise<ServerFrame> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.ws.readyState !== WebSocket.OPEN) return resolve({ type: 'error', code: 'internal', message: 'socket not open' });
      this.calls.set(id, { resolve });
      this.ws.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  }

  register(username: string, password = 'correct horse battery'): Promise<MethodResult<'register'>> {
    return this.call('register', { v: PROTOCOL_VERSION, username, password });
  }

  login(username: string, password = 'correct horse battery'): Promise<MethodResult<'login'>> {
    return this.call('login', { v: PROTOCOL_VERSION, username, password });
  }

  resume(token: string): Promise<MethodResult<'resume'>> {
    return this.call('resume', { v: PROTOCOL_VERSION, token });
  }

  /** Pages through `sync` from `after` until `more` is false (the socket is then live); returns all events. */
  async syncAll(after = 0, limit?: number): Promise<{ events: Event[]; next: number; pages: number }> {
    const events: Event[] = [];
    let cursor = after;
    for (let pages = 1; ; pages++) {
      const page = await this.call('sync', { after: cursor, ...(limit ? { limit } : {}) });
      events.push(...page.events);
      cursor = page.next;
      if (!page.more) return { events, next: cursor, pages };
    }
  }

  /** Sends raw text (or binary) as it is. */
  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  typingFrames(): Extract<ServerFrame, { type: 'typing' }>[] {
    return this.pushed.filter((frame) => frame.type === 'typing');
  }

  presenceFrames(): PresenceInfo[] {
    return this.pushed.flatMap((frame) => (frame.type === 'presence' ? [frame.presence] : []));
  }

  /** Resolves once `test` holds (checked on every frame and on close); rejects after `timeoutMs`. */
  waitUntil(test: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Waits until a live event matching `test` has arrived, and returns it. */
  async waitForEvent(test: (event: Event) => boolean, timeoutMs = 5_000): Promise<Event> {
    await this.waitUntil(() => this.liveEvents.some(test), timeoutMs, 'a live event');
    return this.liveEvents.find(test)!;
  }

  close(): Promise<Closed> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    return this.closed;
  }

  /** Drops the TCP connection without a closing handshake. */
  terminate(): Promise<Closed> {
    this.ws.terminate();
    return this.closed;
  }

  private receive(raw: string): void {
    const parsed = parseServerFrame(raw);
    if (!parsed.ok) throw new Error(`server sent an invalid frame: ${parsed.message}: ${raw.slice(0, 200)}`);
    const frame = parsed.value;
    if (frame.type === 'hello') this.hello = frame;
    else if ((frame.type === 'result' || frame.type === 'error') && frame.id !== undefined && this.calls.has(frame.id)) {
      const call = this.calls.get(frame.id)!;
      this.calls.delete(frame.id);
      call.resolve(frame);
    } else if (frame.type === 'error') this.errorsWithoutId.push(frame);
    else {
      this.pushed.push(frame);
      if (frame.type === 'events') this.liveEvents.push(...frame.events);
    }
    this.check();
  }

  private check(): void {
    const ready = this.waiters.filter((waiter) => waiter.test());
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve();
  }
}
