import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { BACKGROUND_NICE, BackgroundThreads } from './background-threads';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-threads-'));
  dirs.push(dir);
  return dir;
}

function esrch(): Error {
  return Object.assign(new Error('no such process'), { info: { code: 'ESRCH' } });
}

describe('BackgroundThreads, against a listed set of threads', () => {
  it('lowers every thread but the main one, then only the ones that appear later or replace a thread that exited', () => {
    const tasks = tempDir();
    for (const id of ['100', '101', '102']) mkdirSync(join(tasks, id));
    const calls: [number, number][] = [];
    const threads = new BackgroundThreads(silentLogger, { tasksDir: tasks, mainThreadId: 100, rescanMs: 60_000, setNice: (id, nice) => void calls.push([id, nice]) });
    expect(calls).toEqual([
      [101, BACKGROUND_NICE],
      [102, BACKGROUND_NICE],
    ]);
    expect(threads.lowerNew()).toBe(0);

    mkdirSync(join(tasks, '103'));
    expect(threads.lowerNew()).toBe(1);
    // Thread 101 exits and a new thread gets its id: it starts at the priority of whoever created it.
    rmSync(join(tasks, '101'), { recursive: true });
    threads.lowerNew();
    mkdirSync(join(tasks, '101'));
    expect(threads.lowerNew()).toBe(1);
    expect(calls.slice(2).map(([id]) => id)).toEqual([103, 101]);
    threads.dispose();
  });

  it('skips a thread that exited in between and says once that lowering is refused', () => {
    const tasks = tempDir();
    for (const id of ['1', '2', '3', '4']) mkdirSync(join(tasks, id));
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (...args: unknown[]) => void warnings.push(args) } as unknown as typeof silentLogger;
    const threads = new BackgroundThreads(logger, {
      tasksDir: tasks,
      mainThreadId: 1,
      rescanMs: 60_000,
      setNice: (id) => {
        if (id === 2) throw esrch();
        if (id >= 3) throw Object.assign(new Error('operation not permitted'), { info: { code: 'EPERM' } });
      },
    });
    threads.lowerNew();
    expect(warnings).toHaveLength(1);
    threads.dispose();
  });
});

/** Runs a small program in a process of its own and returns what it printed (JSON). */
function runChild(source: string): unknown {
  const dir = tempDir();
  const file = join(dir, 'child.mts');
  writeFileSync(file, source);
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 20_000 }));
}

describe.runIf(process.platform === 'linux')('BackgroundThreads, in a real process', () => {
  it("leaves the event loop's thread alone and moves V8's, libuv's and a worker's threads to the lowest priority", () => {
    const module = fileURLToPath(new URL('./background-threads.ts', import.meta.url));
    const logger = fileURLToPath(new URL('../logger.ts', import.meta.url));
    const result = runChild(`
      import { readdirSync, readFileSync, promises } from 'node:fs';
      import { Worker } from 'node:worker_threads';
      import { BackgroundThreads } from ${JSON.stringify(module)};
      import { silentLogger } from ${JSON.stringify(logger)};
      // Field 19 of /proc/<pid>/task/<tid>/stat is the nice value; the command name before it may hold spaces.
      const nice = () => Object.fromEntries(readdirSync('/proc/self/task').map((id) => [id, Number(readFileSync('/proc/self/task/' + id + '/stat', 'utf8').split(') ').pop().split(' ')[16])]));
      await promises.stat('.'); // starts libuv's pool
      const before = nice();
      const threads = new BackgroundThreads(silentLogger, { rescanMs: 50 });
      const started = nice();
      const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
      await new Promise((resolve) => worker.once('online', resolve));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const later = nice();
      threads.dispose();
      await worker.terminate();
      console.log(JSON.stringify({ main: String(process.pid), before, started, later }));
    `) as { main: string; before: Record<string, number>; started: Record<string, number>; later: Record<string, number> };

    const base = result.before[result.main]!;
    const others = (niceById: Record<string, number>) => Object.entries(niceById).filter(([id]) => id !== result.main);
    expect(others(result.before).length).toBeGreaterThanOrEqual(4);
    expect(others(result.before).every(([, nice]) => nice === base)).toBe(true);
    expect(result.started[result.main]).toBe(base);
    expect(others(result.started).every(([, nice]) => nice === BACKGROUND_NICE)).toBe(true);
    // The worker's thread started after the first look and was found by the next one.
    const workerThreads = Object.keys(result.later).filter((id) => !(id in result.started));
    expect(workerThreads.length).toBeGreaterThanOrEqual(1);
    expect(result.later[result.main]).toBe(base);
    expect(others(result.later).every(([, nice]) => nice === BACKGROUND_NICE)).toBe(true);
  });
});
