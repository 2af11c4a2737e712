import type { Database } from 'better-sqlite3';

/** Each member's delivered/read position per conversation. */
export class Receipts {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Database) {
    this.getStmt = db.prepare<[string, string, string], { upTo: number }>(
      'SELECT up_to AS upTo FROM receipts WHERE conv_id = ? AND user_id = ? AND receipt = ?',
    );
    this.setStmt = db.prepare<[string, string, string, number]>(
      'INSERT INTO receipts (conv_id, user_id, receipt, up_to) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET up_to = excluded.up_to',
    );
  }

  get(convId: string, userId: string, receipt: string): number {
    return this.getStmt.get(convId, userId, receipt)?.upTo ?? 0;
  }

  set(convId: string, userId: string, receipt: string, upTo: number): void {
    this.setStmt.run(convId, userId, receipt, upTo);
  }
}
