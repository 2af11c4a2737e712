import type { Conn } from '../hub/connection';

/**
 * Closes sockets that did not authenticate in time. Deadlines arrive in connection order, so a FIFO queue and one
 * timer (armed for the oldest deadline) serve every socket; no timer per connection.
 */
export class AuthDeadlines {
  private queue: Array<{ conn: Conn; at: number }> = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly timeoutMs: number,
    private readonly expire: (conn: Conn) => void,
  ) {}

  watch(conn: Conn): void {
    this.queue.push({ conn, at: conn.openedAt + this.timeoutMs });
    if (!this.timer) this.arm();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.head = 0;
  }

  private arm(): void {
    const next = this.queue[this.head];
    if (!next) {
      this.queue = [];
      this.head = 0;
      return;
    }
    this.timer = setTimeout(() => this.fire(), Math.max(0, next.at - Date.now()));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    const now = Date.now();
    while (this.head < this.queue.length && this.queue[this.head]!.at <= now) {
      const { conn } = this.queue[this.head]!;
      this.queue[this.head++] = undefined as never;
      if (!conn.user) this.expire(conn);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }
}
