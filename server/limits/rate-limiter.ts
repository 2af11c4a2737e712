import type { Conn } from '../hub/connection';
import { TokenBucket } from './token-bucket';

/** Per-user token buckets (shared by all sockets of a user); a socket has its own until it authenticates. */
export class RateLimiter {
  private readonly users = new Map<string, TokenBucket>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {}

  /** 0 if the call may go ahead, else how many ms to wait. */
  take(conn: Conn, now: number): number {
    let bucket: TokenBucket | undefined;
    if (conn.user) {
      bucket = this.users.get(conn.user.id);
      if (!bucket) {
        bucket = new TokenBucket(this.burst, this.perSecond, now);
        this.users.set(conn.user.id, bucket);
      }
    } else {
      bucket = conn.bucket ??= new TokenBucket(this.burst, this.perSecond, now);
    }
    return bucket.take(now);
  }

  /** Forgets full buckets: they hold no information. */
  sweep(now: number): void {
    for (const [userId, bucket] of this.users) if (bucket.isFull(now)) this.users.delete(userId);
  }
}
