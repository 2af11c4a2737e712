import fs from 'node:fs';
import { promisify } from 'node:util';

/** Flushes a file's written data to the disk; fs.fdatasync on libuv's thread pool unless a test supplies another. */
export type SyncFile = (fd: number) => Promise<void>;

const fdatasync: SyncFile = promisify(fs.fdatasync);
const ignore = (): void => undefined;

/**
 * Makes commits done at `synchronous=NORMAL` durable without blocking the event loop. A NORMAL commit in WAL mode has
 * written its frames to the WAL file (so it survives a crash of the app) but not synced them; `synchronous=FULL`
 * would sync inside the commit, on the main thread, for every transaction. This syncs the WAL file on the thread
 * pool instead, which is exactly the sync FULL would have done: a commit is durable once its WAL frames are on the
 * disk, and a checkpoint that ran in between synced those frames itself before copying them.
 *
 * Group commit in time: callers that ask while a sync is running share the next one, which starts when the running
 * one ends (the running one may have started before their commit reached the file).
 *
 * The WAL gets a file descriptor of its own. SQLite takes no locks on the WAL file (in WAL mode it locks the
 * database and the -shm file), so closing this descriptor cannot drop one of SQLite's POSIX locks.
 */
export class WalFlusher {
  private fd: number | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly walFile: string,
    private readonly syncFile: SyncFile = fdatasync,
  ) {}

  /** Resolves once everything committed before the call is on the disk. */
  flush(): Promise<void> {
    // Closing the database checkpoints and syncs it: nothing is left to flush.
    if (this.closed) return Promise.resolve();
    if (this.running === null) return this.start();
    this.next ??= this.running.then(ignore, ignore).then(() => {
      this.next = null;
      return this.closed ? undefined : this.start();
    });
    return this.next;
  }

  /** Called when the database closes; the descriptor is released once a sync in progress has finished. */
  close(): void {
    this.closed = true;
    if (this.running === null) this.release();
  }

  private start(): Promise<void> {
    let run: Promise<void>;
    try {
      this.fd ??= fs.openSync(this.walFile, 'r+');
      run = this.syncFile(this.fd);
    } catch (error) {
      run = Promise.reject(error);
    }
    const tracked = run.finally(() => {
      if (this.running === tracked) this.running = null;
      if (this.closed && this.running === null) this.release();
    });
    this.running = tracked;
    return tracked;
  }

  private release(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      fs.closeSync(fd);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
