import type { Logger } from 'pino';
import type { CheckpointKind } from '../store/checkpointer';
import type { Store } from '../store/types';

export interface UpkeepTuning {
  /** Upkeep waits until no write happened for this long... */
  quietMs: number;
  /** ...unless writes have kept coming for this long: then it works in small slices between them. */
  maxDelayMs: number;
  /** Messages indexed per transaction when the engine is quiet. */
  quietBatch: number;
  /** Messages indexed per transaction while writes keep coming (short pauses). */
  busyBatch: number;
  /** Pause between slices while writes keep coming. */
  busyPauseMs: number;
  /**
   * While writes keep coming, a checkpoint is asked for this often (it runs on the store's checkpoint thread), so
   * that each copies little and SQLite's own backstop at 64 MiB, which would stall one write for tens of
   * milliseconds, is never reached.
   */
  busyCheckpointMs: number;
}

/**
 * Indexing costs ≈ 45-60 µs a message on the event loop, and a message that arrives meanwhile waits: a slice of
 * 1,000 messages held the loop for ≈ 35 ms and one of 100 for ≈ 4 ms (p99 22 ms), which a steady stream of live
 * messages felt. Slices of 20-50 take ≈ 1-2 ms (p99 5 ms) for ≈ 25 % more indexing work in all; the pause keeps the
 * same 2,000 messages a second while writes keep coming.
 */
export const defaultUpkeepTuning: UpkeepTuning = {
  quietMs: 150,
  maxDelayMs: 5_000,
  quietBatch: 50,
  busyBatch: 20,
  busyPauseMs: 10,
  busyCheckpointMs: 250,
};

/**
 * The store's deferred work, done when the engine has a quiet moment so that it never delays a live message:
 * indexing the search backlog (see migration 003) and checkpointing the WAL into the database file (on the store's
 * checkpoint thread; also every `busyCheckpointMs` while writes keep coming), and in quiet moments cutting back a WAL
 * file that a long burst made large. If writes keep coming for `maxDelayMs`, the backlog is indexed in small slices
 * between them so it cannot grow without bound.
 * A search indexes whatever is still waiting itself, so delaying this never hides a message from search.
 */
export class StoreUpkeep {
  private timer: NodeJS.Timeout | null = null;
  private lastWriteAt = 0;
  /** When the oldest write not yet followed by upkeep happened; null when there is nothing to do. */
  private pendingSince: number | null = null;
  private lastCheckpointAt = performance.now();
  private disposed = false;

  constructor(
    private readonly store: Pick<Store, 'indexPending' | 'checkpoint'>,
    private readonly logger: Logger,
    private readonly tuning: UpkeepTuning = defaultUpkeepTuning,
  ) {}

  /** The store was written (or may hold leftovers from a previous run): schedule upkeep. */
  wrote(): void {
    if (this.disposed) return;
    const now = performance.now();
    this.lastWriteAt = now;
    this.pendingSince ??= now;
    if (this.timer === null) this.schedule(this.tuning.quietMs);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private checkpoint(now: number, kind: CheckpointKind): void {
    this.lastCheckpointAt = now;
    this.store.checkpoint(kind);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => this.run(), Math.max(0, delayMs));
  }

  private run(): void {
    this.timer = null;
    if (this.disposed || this.pendingSince === null) return;
    const now = performance.now();
    const quietFor = now - this.lastWriteAt;
    const quiet = quietFor >= this.tuning.quietMs;
    try {
      if (!quiet && now - this.lastCheckpointAt >= this.tuning.busyCheckpointMs) this.checkpoint(now, 'checkpoint');
      if (!quiet && now - this.pendingSince < this.tuning.maxDelayMs) {
        this.schedule(Math.min(this.tuning.quietMs - quietFor, this.tuning.busyCheckpointMs));
        return;
      }
      if (this.store.indexPending(quiet ? this.tuning.quietBatch : this.tuning.busyBatch)) {
        this.schedule(quiet ? 0 : this.tuning.busyPauseMs);
        return;
      }
      if (!quiet) {
        // Indexing caught up while busy: the rest waits for a quiet moment.
        this.pendingSince = now;
        this.schedule(Math.min(this.tuning.quietMs, this.tuning.busyCheckpointMs));
        return;
      }
      this.checkpoint(now, 'trim');
      this.pendingSince = null;
    } catch (error) {
      // Nothing is lost: the backlog stays in the database and the next write (or the next start) tries again.
      this.logger.warn({ error: String(error) }, 'store upkeep failed');
      this.pendingSince = null;
    }
  }
}
