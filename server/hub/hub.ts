import type pino from 'pino';
import { WebSocket } from 'ws';
import { CloseCode, type Member } from '../../shared/protocol';
import type { ServerLimits } from '../config';
import type { Conversations } from '../conversations/conversations';
import type { EventEntry } from '../events/store';
import { Conn } from './connection';
import { eventsFrame } from './frames';

export interface HubEvents {
  /** A user's first authenticated socket opened (`online`) or the last one closed. */
  presenceChanged(userId: string, online: boolean): void;
}

/**
 * Every open socket: per-user and per-IP indexes, live fan-out and sending with backpressure.
 * Fan-out is coalesced per callback: events stored while handling one socket read reach each socket as one frame,
 * and sockets that get the same events get the very same encoded Buffer (serialized once).
 */
export class Hub {
  private readonly all = new Set<Conn>();
  private readonly byUser = new Map<string, Set<Conn>>();
  private readonly perIp = new Map<string, number>();
  private flushQueue: Conn[] = [];
  /** A flush is due at the end of the current callback (the read of one socket chunk, one timer...). */
  private flushScheduled = false;

  constructor(
    private readonly conversations: Conversations,
    private readonly limits: ServerLimits,
    private readonly logger: pino.Logger,
    private readonly events: HubEvents,
  ) {}

  /** Whether one more socket from `ip` may open. */
  admits(ip: string): boolean {
    return this.all.size < this.limits.maxConnections && (this.perIp.get(ip) ?? 0) < this.limits.maxConnectionsPerIp;
  }

  add(ws: WebSocket, ip: string): Conn {
    const conn = new Conn(ws, ip, Date.now());
    this.all.add(conn);
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    return conn;
  }

  remove(conn: Conn): void {
    if (!this.all.delete(conn)) return;
    const count = (this.perIp.get(conn.ip) ?? 1) - 1;
    if (count > 0) this.perIp.set(conn.ip, count);
    else this.perIp.delete(conn.ip);
    conn.pending = null;
    const user = conn.user;
    if (!user) return;
    const sockets = this.byUser.get(user.id);
    sockets?.delete(conn);
    if (sockets && sockets.size === 0) {
      this.byUser.delete(user.id);
      this.events.presenceChanged(user.id, false);
    }
  }

  authenticate(conn: Conn, user: Member, sessionKey: string): void {
    conn.user = user;
    conn.sessionKey = sessionKey;
    let sockets = this.byUser.get(user.id);
    const first = !sockets;
    if (!sockets) {
      sockets = new Set();
      this.byUser.set(user.id, sockets);
    }
    sockets.add(conn);
    if (first) this.events.presenceChanged(user.id, true);
  }

  isOnline(userId: string): boolean {
    return this.byUser.has(userId);
  }

  socketsOf(userId: string): ReadonlySet<Conn> {
    return this.byUser.get(userId) ?? new Set();
  }

  connections(): Iterable<Conn> {
    return this.all;
  }

  /** Sends one frame; a socket that cannot keep up is closed as a slow consumer. */
  send(conn: Conn, data: string | Buffer): void {
    const ws = conn.ws;
    if (ws.readyState !== WebSocket.OPEN || conn.closing) return;
    ws.send(data, { binary: false });
    if (ws.bufferedAmount > this.limits.maxBufferedBytes) this.dropSlowConsumer(conn);
  }

  /** The same frame to many sockets, encoded once. */
  sendToAll(conns: Iterable<Conn>, frame: string): void {
    let buffer: Buffer | null = null;
    for (const conn of conns) this.send(conn, (buffer ??= Buffer.from(frame)));
  }

  close(conn: Conn, code: number, reason: string): void {
    if (conn.closing) return;
    conn.closing = true;
    conn.ws.close(code, reason);
  }

  /**
   * Queues stored events for every live socket that may see them; sent together once the current callback is done
   * (a microtask): all the posts read from one chunk of a socket go out as one frame per socket, and none waits for
   * the other sockets' reads of the same loop turn (setImmediate would).
   */
  publish(entries: readonly EventEntry[]): void {
    for (const entry of entries) {
      for (const userId of this.conversations.members(entry.convId).keys()) this.enqueue(userId, entry);
      if (entry.alsoTo) for (const userId of entry.alsoTo) this.enqueue(userId, entry);
    }
    if (this.flushQueue.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Sends queued live events now (also used before shutdown). */
  flush(): void {
    this.flushScheduled = false;
    const queue = this.flushQueue;
    this.flushQueue = [];
    const encoded = new Map<unknown, Buffer[]>();
    for (const conn of queue) {
      const entries = conn.pending;
      conn.pending = null;
      if (!entries) continue;
      const key = entries.length === 1 ? entries[0] : entries.map((entry) => entry.seq).join(',');
      let frames = encoded.get(key);
      if (!frames) {
        frames = this.encode(entries);
        encoded.set(key, frames);
      }
      for (const frame of frames) this.send(conn, frame);
    }
  }

  /** Ping sweep: terminates sockets that did not answer the previous ping. */
  sweep(): void {
    for (const conn of this.all) {
      if (!conn.alive) {
        this.logger.debug({ ip: conn.ip, user: conn.user?.id }, 'terminating a socket that did not answer ping');
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      if (conn.ws.readyState === WebSocket.OPEN) conn.ws.ping();
    }
  }

  private enqueue(userId: string, entry: EventEntry): void {
    const sockets = this.byUser.get(userId);
    if (!sockets) return;
    for (const conn of sockets) {
      if (!conn.live) continue;
      if (conn.pending) conn.pending.push(entry);
      else {
        conn.pending = [entry];
        this.flushQueue.push(conn);
      }
    }
  }

  /** Splits events into frames of at most `pageMaxBytes` each (one event always fits in a frame of its own). */
  private encode(entries: readonly EventEntry[]): Buffer[] {
    const frames: Buffer[] = [];
    let batch: string[] = [];
    let bytes = 0;
    for (const entry of entries) {
      const size = Buffer.byteLength(entry.json) + 1;
      if (batch.length > 0 && bytes + size > this.limits.pageMaxBytes) {
        frames.push(Buffer.from(eventsFrame(batch)));
        batch = [];
        bytes = 0;
      }
      batch.push(entry.json);
      bytes += size;
    }
    if (batch.length > 0) frames.push(Buffer.from(eventsFrame(batch)));
    return frames;
  }

  private dropSlowConsumer(conn: Conn): void {
    this.logger.warn({ ip: conn.ip, user: conn.user?.id, buffered: conn.ws.bufferedAmount }, 'closing a slow consumer');
    this.close(conn, CloseCode.SlowConsumer, 'send buffer full');
    // The close frame waits behind the unread data; do not wait for the peer to read it.
    setTimeout(() => conn.ws.terminate(), 1_000).unref();
  }
}
