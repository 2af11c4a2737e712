import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';

export interface RawCall {
  id: number;
  method: string;
  params: Record<string, unknown>;
}

/** What the scripted server does with a call: a result, an error frame, or nothing (silence). */
export type RawReply = { result: unknown } | { error: string; message?: string; retryAfterMs?: number } | 'silence';

export const VALID_TOKEN = 'a'.repeat(43);
export const USER = { id: 'u1', username: 'alice' };

/**
 * A raw `ws` server speaking just enough of the wire protocol to drive the connection state machine in unit
 * tests (the real relay is used by the integration tests).
 */
export class RawRelay {
  readonly sockets = new Set<WebSocket>();
  readonly calls: RawCall[] = [];
  connections = 0;
  private server!: WebSocketServer;

  constructor(private handle: (call: RawCall, socket: WebSocket) => RawReply = defaultReply) {}

  static async start(handle?: (call: RawCall, socket: WebSocket) => RawReply): Promise<RawRelay> {
    const relay = new RawRelay(handle);
    relay.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => relay.server.once('listening', () => resolve()));
    relay.server.on('connection', (socket) => relay.accept(socket));
    return relay;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  setHandler(handle: (call: RawCall, socket: WebSocket) => RawReply): void {
    this.handle = handle;
  }

  send(frame: unknown): void {
    for (const socket of this.sockets) socket.send(JSON.stringify(frame));
  }

  closeAll(code?: number): void {
    for (const socket of this.sockets) socket.close(code);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ type: 'hello', v: 1, serverTime: Date.now(), authTimeoutMs: 5000 }));
    socket.on('message', (data) => {
      const call = JSON.parse(String(data)) as RawCall;
      this.calls.push(call);
      const reply = this.handle(call, socket);
      if (reply === 'silence') return;
      if ('result' in reply) socket.send(JSON.stringify({ type: 'result', id: call.id, result: reply.result }));
      else socket.send(JSON.stringify({ type: 'error', id: call.id, code: reply.error, message: reply.message ?? reply.error, retryAfterMs: reply.retryAfterMs }));
    });
  }
}

export function defaultReply(call: RawCall): RawReply {
  switch (call.method) {
    case 'resume':
      return call.params.token === VALID_TOKEN ? { result: { user: USER, expiresAt: Date.now() + 86_400_000 } } : { error: 'token_invalid' };
    case 'login':
    case 'register':
      return call.params.password === 'correct horse' ? { result: { token: VALID_TOKEN, user: USER, expiresAt: Date.now() + 86_400_000 } } : { error: 'auth_failed' };
    case 'ping':
      return { result: { ts: Date.now() } };
    default:
      return { result: {} };
  }
}
