import type { Database } from 'better-sqlite3';
import type { ConversationKind, ConversationSnapshot, Member } from '../../shared/protocol';

export interface ConversationRow {
  id: string;
  kind: ConversationKind;
  title: string;
  createdBy: string;
  createdAt: number;
}

/** Who may see a conversation's events: current members with the seq their window starts at. */
export type MemberWindows = ReadonlyMap<string, number>;

export const directKey = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * Conversations and their membership periods. Current members are cached per conversation because every post and
 * every fan-out asks; any change goes through `join`/`part`, which drop the cached entry.
 */
export class Conversations {
  private readonly cache = new Map<string, Map<string, number>>();
  /** Conversations whose membership the current transaction changed (their cache must not survive a rollback). */
  private readonly touched = new Set<string>();
  private readonly rowStmt;
  private readonly membersStmt;
  private readonly snapshotMembers;
  private readonly insertConv;
  private readonly byDirectKey;
  private readonly byCreateKey;
  private readonly joinStmt;
  private readonly partStmt;
  private readonly titleStmt;
  private readonly currentOf;
  private readonly coMembersStmt;
  private readonly sharesStmt;

  constructor(db: Database) {
    this.rowStmt = db.prepare<[string], ConversationRow>(
      'SELECT id, kind, title, created_by AS createdBy, created_at AS createdAt FROM conversations WHERE id = ?',
    );
    this.membersStmt = db.prepare<[string], { userId: string; joinedSeq: number }>(
      'SELECT user_id AS userId, joined_seq AS joinedSeq FROM memberships WHERE conv_id = ? AND left_seq IS NULL',
    );
    this.snapshotMembers = db.prepare<[string], Member>(
      'SELECT u.id, u.username FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.conv_id = ? AND m.left_seq IS NULL ORDER BY m.id',
    );
    this.insertConv = db.prepare<[string, string, string, string, number, string | null, string | null]>(
      'INSERT INTO conversations (id, kind, title, created_by, created_at, direct_key, create_key) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.byDirectKey = db.prepare<[string], { id: string }>('SELECT id FROM conversations WHERE direct_key = ?');
    this.byCreateKey = db.prepare<[string, string], { id: string }>('SELECT id FROM conversations WHERE created_by = ? AND create_key = ?');
    this.joinStmt = db.prepare<[string, string, number]>('INSERT INTO memberships (conv_id, user_id, joined_seq) VALUES (?, ?, ?)');
    this.partStmt = db.prepare<[number, string, string]>('UPDATE memberships SET left_seq = ? WHERE conv_id = ? AND user_id = ? AND left_seq IS NULL');
    this.titleStmt = db.prepare<[string, string]>('UPDATE conversations SET title = ? WHERE id = ?');
    this.currentOf = db.prepare<[string], { convId: string }>('SELECT conv_id AS convId FROM memberships WHERE user_id = ? AND left_seq IS NULL ORDER BY id');
    this.coMembersStmt = db.prepare<[string], { userId: string }>(
      `SELECT DISTINCT other.user_id AS userId FROM memberships mine
       JOIN memberships other ON other.conv_id = mine.conv_id AND other.left_seq IS NULL
       WHERE mine.user_id = ? AND mine.left_seq IS NULL`,
    );
    this.sharesStmt = db.prepare<[string, string], { one: number }>(
      `SELECT 1 AS one FROM memberships mine
       JOIN memberships other ON other.conv_id = mine.conv_id AND other.user_id = ? AND other.left_seq IS NULL
       WHERE mine.user_id = ? AND mine.left_seq IS NULL LIMIT 1`,
    );
  }

  get(convId: string): ConversationRow | undefined {
    return this.rowStmt.get(convId);
  }

  members(convId: string): MemberWindows {
    let members = this.cache.get(convId);
    if (!members) {
      members = new Map(this.membersStmt.all(convId).map((row) => [row.userId, row.joinedSeq]));
      this.cache.set(convId, members);
    }
    return members;
  }

  /** The conversation if `userId` is a current member; otherwise undefined (whether or not it exists). */
  visibleTo(convId: string, userId: string): ConversationRow | undefined {
    return this.members(convId).has(userId) ? this.get(convId) : undefined;
  }

  snapshot(convId: string): ConversationSnapshot {
    const row = this.get(convId);
    if (!row) throw new Error(`no conversation ${convId}`);
    return { ...row, members: this.snapshotMembers.all(convId) };
  }

  listFor(userId: string): ConversationSnapshot[] {
    return this.currentOf.all(userId).map(({ convId }) => this.snapshot(convId));
  }

  directId(a: string, b: string): string | undefined {
    return this.byDirectKey.get(directKey(a, b))?.id;
  }

  groupIdByCreateKey(createdBy: string, key: string): string | undefined {
    return this.byCreateKey.get(createdBy, key)?.id;
  }

  insert(row: ConversationRow & { directKey?: string; createKey?: string }): void {
    this.insertConv.run(row.id, row.kind, row.title, row.createdBy, row.createdAt, row.directKey ?? null, row.createKey ?? null);
  }

  join(convId: string, userId: string, seq: number): void {
    this.touch(convId);
    this.joinStmt.run(convId, userId, seq);
  }

  part(convId: string, userId: string, seq: number): void {
    this.touch(convId);
    this.partStmt.run(seq, convId, userId);
  }

  setTitle(convId: string, title: string): void {
    this.titleStmt.run(title, convId);
  }

  /** Ends a transaction: after a rollback, members cached while it ran (uncommitted) are dropped. */
  settle(committed: boolean): void {
    if (!committed) for (const convId of this.touched) this.cache.delete(convId);
    this.touched.clear();
  }

  private touch(convId: string): void {
    this.touched.add(convId);
    this.cache.delete(convId);
  }

  /** Users who currently share at least one conversation with `userId` (including `userId`). */
  coMembers(userId: string): string[] {
    return this.coMembersStmt.all(userId).map((row) => row.userId);
  }

  sharesConversation(a: string, b: string): boolean {
    return a === b || this.sharesStmt.get(b, a) !== undefined;
  }
}
