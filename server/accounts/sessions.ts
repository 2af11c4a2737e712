import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export type TokenCheck =
  | { status: 'ok'; userId: string; expiresAt: number; sessionKey: string }
  | { status: 'expired' }
  | { status: 'invalid' };

/** Session tokens: 32 random bytes handed to the client once; only their SHA-256 is stored. */
export class Sessions {
  private readonly insert;
  private readonly lookup;
  private readonly revokeStmt;

  constructor(
    db: Database,
    private readonly ttlMs: number,
  ) {
    this.insert = db.prepare<[Buffer, string, number, number]>('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
    this.lookup = db.prepare<[Buffer], { userId: string; expiresAt: number; revokedAt: number | null }>(
      'SELECT user_id AS userId, expires_at AS expiresAt, revoked_at AS revokedAt FROM sessions WHERE token_hash = ?',
    );
    this.revokeStmt = db.prepare<[number, Buffer]>('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL');
  }

  create(userId: string, now: number): { token: string; expiresAt: number; sessionKey: string } {
    const token = randomBytes(32).toString('base64url');
    const hash = hashToken(token);
    const expiresAt = now + this.ttlMs;
    this.insert.run(hash, userId, now, expiresAt);
    return { token, expiresAt, sessionKey: hash.toString('hex') };
  }

  check(token: string, now: number): TokenCheck {
    const hash = hashToken(token);
    const row = this.lookup.get(hash);
    if (!row || row.revokedAt !== null) return { status: 'invalid' };
    if (row.expiresAt <= now) return { status: 'expired' };
    return { status: 'ok', userId: row.userId, expiresAt: row.expiresAt, sessionKey: hash.toString('hex') };
  }

  /** `sessionKey` is the hex hash from `create`/`check`. */
  revoke(sessionKey: string, now: number): void {
    this.revokeStmt.run(now, Buffer.from(sessionKey, 'hex'));
  }
}
