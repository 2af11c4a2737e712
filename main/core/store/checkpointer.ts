import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

/** The worker's program, plain CommonJS in a string so it runs the same under tsx, vitest and a bundled build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
parentPort.on('message', (message) => {
  if (message === 'checkpoint') {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      parentPort.postMessage({ error: String(error) });
    }
    return;
  }
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints the profile's WAL on a worker thread with its own connection, when asked (StoreUpkeep asks while
 * writes come in and once they stop; nothing runs while the app is idle). A checkpoint on the engine's own
 * connection runs on the event loop and syncs the disk twice: under a burst of messages that stalled a live
 * message for 10 to 30 ms. A PASSIVE checkpoint on another connection runs beside the writer without blocking it.
 */
export class Checkpointer {
  private readonly worker: Worker;
  private stopped = false;

  constructor(file: string, logger: Logger) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file } });
    this.worker.unref();
    this.worker.on('message', (message: { error?: string }) => logger.warn({ error: message.error }, 'store: background checkpoint failed'));
    this.worker.on('error', (error) => logger.error({ err: error }, 'store: checkpoint thread stopped; SQLite checkpoints by itself from now on'));
  }

  /** Asks for a checkpoint; returns at once. */
  request(): void {
    if (!this.stopped) this.worker.postMessage('checkpoint');
  }

  /** Stops the thread after the checkpoint it may be running; its connection closes with it. */
  stop(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stopped = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    return exited;
  }
}
