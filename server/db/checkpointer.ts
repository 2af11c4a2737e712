import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type pino from 'pino';

/**
 * The worker's whole program. It is plain CommonJS given as a string so that it runs the same under tsx, vitest
 * and a bundled build, none of which would otherwise agree on how to load a TypeScript worker file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints the server's WAL from a second connection on a worker thread, every `intervalMs`. SQLite's automatic
 * checkpoint runs inside the commit that crosses its threshold, on the event loop, and with synchronous=NORMAL it
 * syncs the disk twice: under a steady stream of posts that stalled one post in every few hundred by ~10 ms. A
 * PASSIVE checkpoint on another connection runs beside the writer without blocking it. The writer keeps a high
 * automatic threshold (see openDatabase) as a backstop should this thread ever stop.
 */
export class Checkpointer {
  private readonly worker: Worker;
  private stopped = false;

  constructor(file: string, logger: pino.Logger, intervalMs = 200) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs } });
    this.worker.unref();
    this.worker.on('message', (message: { error?: string }) => logger.warn({ error: message.error }, 'background checkpoint failed'));
    this.worker.on('error', (error) => logger.error({ err: error }, 'checkpoint thread stopped; SQLite checkpoints by itself from now on'));
  }

  /** Stops the thread and waits until its connection is closed. */
  async dispose(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    await exited;
  }
}
