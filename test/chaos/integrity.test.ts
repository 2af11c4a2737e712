import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabasesIn } from './integrity';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-integrity-'));
  dirs.push(dir);
  return dir;
}

describe('checkDatabasesIn', () => {
  it('passes an intact database and flags a damaged one or a missing one', () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.db');
    const db = new Database(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t(v);');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`value ${i} ${'x'.repeat(50)}`);
    })();
    db.close();
    expect(checkDatabasesIn(dir)).toEqual([]);

    // Overwrite a page in the middle of the file: the check must notice.
    const bytes = fs.readFileSync(file);
    bytes.fill(0xab, 4096 * 3, 4096 * 3 + 2048);
    fs.writeFileSync(file, bytes);
    expect(checkDatabasesIn(dir).length).toBeGreaterThan(0);

    expect(checkDatabasesIn(tempDir())).toEqual([expect.stringContaining('no database file')]);
  });
});
