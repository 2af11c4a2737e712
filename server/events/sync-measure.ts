/**
 * Measures sync page latency on a large log: `npx tsx server/events/sync-measure.ts [events]` (default 1,000,000).
 * Not a test (timings are not asserted); the numbers back the design of SyncQuery.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, openDatabase } from '../db/open';
import { EventStore } from './store';
import { SyncQuery } from './sync';

const print = (line: string) => process.stdout.write(`${line}\n`);
const total = Number(process.argv[2] ?? 1_000_000);
const conversations = 2_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-sync-measure-'));
const db = openDatabase(dir);
try {
  const body = JSON.stringify({ kind: 'message', text: 'a typical short message of some forty bytes' });
  db.prepare("INSERT INTO users (id, username, password, created_at) VALUES ('u', 'u', '!', 0)").run();
  const conv = db.prepare("INSERT INTO conversations (id, kind, title, created_by, created_at) VALUES (?, 'group', 't', 'u', 0)");
  const insert = db.prepare("INSERT INTO events (seq, id, conv_id, sender_id, ts, kind, target, body) VALUES (?, ?, ?, 'u', 0, 'message', NULL, ?)");
  const started = performance.now();
  db.transaction(() => {
    for (let c = 0; c < conversations; c++) conv.run(`c${c}`);
    // Conversation c gets every event whose seq % conversations == c: each conversation's events are spread thin.
    for (let seq = 1; seq <= total; seq++) insert.run(seq, `e${seq}`, `c${seq % conversations}`, body);
  })();
  print(`built ${total} events in ${conversations} conversations in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const join = db.prepare("INSERT INTO memberships (conv_id, user_id, joined_seq, left_seq) VALUES (?, 'u', ?, ?)");
  const events = new EventStore(db);
  const sync = new SyncQuery(db, events);
  const measure = (label: string, windows: number, after: number, limit: number) => {
    db.prepare('DELETE FROM memberships').run();
    for (let c = 0; c < windows; c++) join.run(`c${c}`, 1, null);
    sync.page('u', after, limit, 256 * 1024); // warm
    const runs = 50;
    const t0 = performance.now();
    let returned = 0;
    for (let i = 0; i < runs; i++) returned = sync.page('u', after, limit, 256 * 1024).events.length;
    const ms = (performance.now() - t0) / runs;
    print(`${label.padEnd(52)} ${ms.toFixed(3)} ms/page (${returned} events)`);
  };
  measure('1 window, from 0, page 200', 1, 0, 200);
  measure('10 windows, from 0, page 200', 10, 0, 200);
  measure('100 windows, from 0, page 200', 100, 0, 200);
  measure('100 windows, from the middle, page 500', 100, total / 2, 500);
  measure('1000 windows, from 0, page 200', 1000, 0, 200);
  measure('100 windows, near the head (caught up), page 200', 100, total - 1000, 200);
  measure('10 windows, at the head (nothing new)', 10, total, 200);
} finally {
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
}
