import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerProcess } from './server-process';
import { TestClient } from '../../server/testing/client';
import { say, texts } from '../../server/testing/fixtures';

const root = path.resolve(import.meta.dirname, '../..');
const runCli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 20_000 });

let proc: ServerProcess | null = null;
afterEach(async () => {
  await proc?.dispose();
  proc = null;
});

describe('server CLI', () => {
  it.each([
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--tls-cert', 'missing.pem', '--tls-key', 'missing.key'], 'no such file'],
    [['--log-level', 'loud'], '--log-level'],
    [['stray'], 'positional'],
  ])('refuses %j with a clear message and exit code 2', (args, message) => {
    const result = runCli(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage:');
    expect(result.stdout).toBe('');
  });

  it('prints one ready line, closes sockets with 1001 on SIGTERM, exits 0, and keeps what it acknowledged across SIGKILL', async () => {
    proc = new ServerProcess({ args: ['--support-welcome', 'Hello from the CLI'] });
    const url = await proc.start();
    expect(url).toBe(`ws://127.0.0.1:${proc.port}`);
    expect(proc.stdout).toBe(`parley server listening on ${url}\n`);

    const alice = await TestClient.connect(url);
    const { token } = await alice.register('alice');
    const { events } = await alice.syncAll();
    expect(texts(events)).toEqual(['Hello from the CLI']);
    const ack = await say(alice, events[0]!.convId, 'acked before the crash', ulid());
    await proc.kill('SIGKILL');
    await alice.closed;

    await proc.start();
    const back = await TestClient.connect(proc.url);
    await back.resume(token);
    expect(texts((await back.syncAll()).events)).toContain('acked before the crash');
    expect((await back.syncAll()).events.find((e) => e.id === ack.id)?.seq).toBe(ack.seq);

    const exit = await proc.kill('SIGTERM');
    expect((await back.closed).code).toBe(1001);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(proc.stderr).not.toMatch(/"level":(50|60)/);

    // Shut down cleanly: the WAL was checkpointed into one consistent database file.
    const file = path.join(proc.dataDir, 'parley-server.db');
    const wal = `${file}-wal`;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM events WHERE id = ?').pluck().get(ack.id)).toBe(1);
    db.close();
  });
});
