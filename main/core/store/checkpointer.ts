import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { BACKGROUND_NICE } from '../process/background-threads';

/** The worker's program, plain CommonJS in a string so it runs the same under tsx, vitest and a bundled build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driver);
// A checkpoint can wait; the engine's event loop cannot (see BackgroundThreads, which does this for whole processes
// outside Electron). On Linux the nice value is per thread, and /proc/thread-self names this one.
if (process.platform === 'linux') {
  try {
    require('node:os').setPriority(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()), workerData.nice);
  } catch {}
}
const db = new Database(workerData.file, { timeout: 0 });
const walSize = () => {
  try {
    return fs.statSync(workerData.file + '-wal').size;
  } catch {
    return 0;
  }
};
parentPort.on('message', (message) => {
  if (message === 'checkpoint' || message === 'trim') {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
      // TRUNCATE waits for no one (timeout 0): if the engine is writing right now, the WAL is cut back next time.
      if (message === 'trim' && walSize() > workerData.trimAboveBytes) db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      parentPort.postMessage({ error: String(error) });
    }
    return;
  }
  db.close();
  parentPort.close();
});
`;

/** In quiet moments a WAL file larger than this is cut back to nothing (the engine's own connection never cuts it). */
export const WAL_TRIM_ABOVE_BYTES = 16 * 1024 * 1024;

export type CheckpointKind = 'checkpoint' | 'trim';

/**
 * Checkpoints the profile's WAL on a worker thread with its own connection, when asked (StoreUpkeep asks while
 * writes come in and once they stop; nothing runs while the app is idle). A checkpoint on the engine's own
 * connection runs on the event loop and syncs the disk twice: under a burst of messages that stalled a live
 * message for 10 to 30 ms. A PASSIVE checkpoint on another connection runs beside the writer without blocking it.
 */
export class Checkpointer {
  /** Started on the first request: a thread loading SQLite costs tens of milliseconds, not to be spent at start-up. */
  private worker: Worker | null = null;
  private stopped = false;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Asks for a checkpoint; returns at once. 'trim' (for quiet moments) also cuts a WAL file grown beyond
   * WAL_TRIM_ABOVE_BYTES back to nothing, which holds the engine's writes for as long as that takes (up to 25 ms).
   */
  request(kind: CheckpointKind = 'checkpoint'): void {
    if (this.stopped) return;
    this.worker ??= this.start();
    this.worker.postMessage(kind);
  }

  /** Stops the thread after the checkpoint it may be running; its connection closes with it. */
  stop(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stopped = true;
    const worker = this.worker;
    if (worker === null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    return exited;
  }

  private start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: this.file, trimAboveBytes: WAL_TRIM_ABOVE_BYTES, nice: BACKGROUND_NICE } });
    worker.unref();
    worker.on('message', (message: { error?: string }) => this.logger.warn({ error: message.error }, 'store: background checkpoint failed'));
    worker.on('error', (error) => this.logger.error({ err: error }, 'store: checkpoint thread stopped; SQLite checkpoints by itself from now on'));
    return worker;
  }
}
