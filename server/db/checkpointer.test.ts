import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Checkpointer } from './checkpointer';

const silentLogger = pino({ level: 'silent' });
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Rows in the database file itself, without its WAL (read from a copy of the file alone): what was checkpointed. */
function rowsInMainFile(file: string): number {
  const copy = `${file}.main-only`;
  fs.copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM t').pluck().get() as number;
  } finally {
    db.close();
    fs.rmSync(copy, { force: true });
  }
}

function writer(): { db: Database.Database; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-ckpt-'));
  dirs.push(dir);
  const file = path.join(dir, 'server.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (x TEXT)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { db, file };
}

describe('Checkpointer', () => {
  it('copies committed writes into the database file from its own thread while the writer never checkpoints', async () => {
    const { db, file } = writer();
    const checkpointer = new Checkpointer(file, silentLogger, 20);
    const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run(`row ${i}`);
    expect(rowsInMainFile(file)).toBe(0);
    const deadline = Date.now() + 5_000;
    while (rowsInMainFile(file) < 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rowsInMainFile(file)).toBe(200);
    await checkpointer.dispose();
    db.close();
  });

  it('without it nothing reaches the database file (the check above can fail)', async () => {
    const { db, file } = writer();
    db.prepare('INSERT INTO t (x) VALUES (?)').run('only in the WAL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rowsInMainFile(file)).toBe(0);
    db.close();
  });

  it('stops its thread on dispose, twice without harm', async () => {
    const { db, file } = writer();
    const checkpointer = new Checkpointer(file, silentLogger, 20);
    await checkpointer.dispose();
    await checkpointer.dispose();
    db.prepare('INSERT INTO t (x) VALUES (?)').run('after dispose');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rowsInMainFile(file)).toBe(0);
    db.close();
  });
});
