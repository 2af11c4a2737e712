import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Runs `PRAGMA integrity_check` on every SQLite database file in `dir` (after a process holding it was killed).
 * Opening the file also recovers its WAL, exactly as the next start of the killed process would.
 * Returns the problems found: empty means every file is intact.
 */
export function checkDatabasesIn(dir: string): string[] {
  const problems: string[] = [];
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.db')) : [];
  if (files.length === 0) problems.push(`${dir}: no database file`);
  for (const name of files) {
    const file = path.join(dir, name);
    let db: Database.Database | null = null;
    try {
      db = new Database(file, { fileMustExist: true, timeout: 5_000 });
      const rows = db.pragma('integrity_check') as { integrity_check: string }[];
      const verdict = rows.map((row) => row.integrity_check).join('; ');
      if (verdict !== 'ok') problems.push(`${file}: ${verdict}`);
    } catch (error) {
      problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      db?.close();
    }
  }
  return problems;
}
