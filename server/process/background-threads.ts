import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Logger } from 'pino';

/** The lowest CPU priority (highest nice value) a thread may give itself without privileges. */
export const BACKGROUND_NICE = 19;

export interface BackgroundThreadsOptions {
  /** How often the thread list is read again: libuv's pool and worker threads are started lazily. */
  rescanMs?: number;
  /** Where this process's threads are listed (one entry per thread id). */
  tasksDir?: string;
  /** The thread that runs the event loop; on Linux its id is the process id. */
  mainThreadId?: number;
  setNice?: (threadId: number, nice: number) => void;
}

/**
 * Keeps every thread of this process but the main one at the lowest CPU priority. On Linux the nice value belongs
 * to a thread, not to the process, so `os.setPriority` given a thread id moves that thread alone.
 *
 * Why: the main thread runs the event loop that reads the sockets and answers calls; every other thread does work
 * that can wait a few milliseconds (V8's compiler and garbage-collector helpers, libuv's pool with its password
 * hashing, the checkpoint thread). On a busy machine with few cores a woken event loop was queued behind one of them
 * for the rest of its time slice; at the lowest priority the helper gives the core up at once (docs/benchmarks.md,
 * sixth round). The price: V8's parallel collection waits for helpers that took a share of the work, so on a machine
 * kept busy by other programs such a pause can last longer.
 *
 * The relay's CLI (and the bench, which stands in for it) does this; tests that embed the server in their own
 * process do not. The engine has its own copy (main/core/process): neither layer may import the other. Elsewhere
 * than Linux this does nothing.
 */
export class BackgroundThreads {
  private readonly lowered = new Set<number>();
  private readonly timer: NodeJS.Timeout | null = null;
  private readonly tasksDir: string;
  private readonly mainThreadId: number;
  private readonly setNice: (threadId: number, nice: number) => void;
  private warned = false;

  constructor(
    private readonly logger: Logger,
    options: BackgroundThreadsOptions = {},
  ) {
    this.tasksDir = options.tasksDir ?? '/proc/self/task';
    this.mainThreadId = options.mainThreadId ?? process.pid;
    this.setNice = options.setNice ?? setPriority;
    if (options.tasksDir === undefined && process.platform !== 'linux') return;
    this.lowerNew();
    this.timer = setInterval(() => this.lowerNew(), options.rescanMs ?? 2_000);
    this.timer.unref();
  }

  /** Lowers the threads started since the last look; returns how many. */
  lowerNew(): number {
    let ids: number[];
    try {
      ids = readdirSync(this.tasksDir).map(Number).filter(Number.isInteger);
    } catch {
      return 0;
    }
    // A thread id can be reused by a new thread once the old one has exited: forget ids that are gone.
    const present = new Set(ids);
    for (const id of this.lowered) if (!present.has(id)) this.lowered.delete(id);
    let count = 0;
    for (const id of ids) {
      if (id === this.mainThreadId || this.lowered.has(id)) continue;
      try {
        this.setNice(id, BACKGROUND_NICE);
        this.lowered.add(id);
        count++;
      } catch (error) {
        // ESRCH: the thread exited in between. Anything else (a sandbox refusing it) is said once.
        if ((error as { info?: { code?: string } }).info?.code === 'ESRCH') continue;
        if (!this.warned) this.logger.warn({ error: String(error) }, 'could not lower the priority of background threads');
        this.warned = true;
      }
    }
    return count;
  }

  dispose(): void {
    if (this.timer !== null) clearInterval(this.timer);
  }
}
