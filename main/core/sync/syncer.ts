import type { Logger } from 'pino';
import { SYNC_PAGE_MAX, type Event, type MethodName, type MethodParams, type MethodResult } from '../../../shared/protocol';
import type { CallOptions } from '../connection';
import type { ChangeSet, Store } from '../store/types';

/** The part of the connection the sync and outbox layers use. */
export interface Rpc {
  call<M extends MethodName>(method: M, params: MethodParams<M>, options?: CallOptions): Promise<MethodResult<M>>;
}

export type ApplyOrigin = 'snapshot' | 'sync' | 'live';

export interface SyncerOptions {
  rpc: Rpc;
  store: Pick<Store, 'getCursor' | 'applyEvents' | 'upsertConversations'>;
  /** Called after every committed write with what it changed. `firstSync` marks the import of a fresh profile. */
  onApplied(changes: ChangeSet, origin: ApplyOrigin, firstSync: boolean): void;
  /** Applying live events failed: the owner reconnects so that a fresh sync fills the hole from the cursor. */
  onLiveFailure(): void;
  logger: Logger;
  pageSize?: number;
}

/**
 * Brings the store up to date after each authentication, page by page from the stored cursor (each page one
 * transaction that also advances the cursor), then applies live `events` frames through the same path.
 * Live frames that arrive before the last page was applied wait, so that events are applied in order.
 */
export class Syncer {
  private live = false;
  private waiting: Event[][] = [];
  private run = 0;
  private catchingUp = false;
  /** Live events of the current turn of the event loop, applied at its end. */
  private liveBatch: Event[] | null = null;

  constructor(private readonly options: SyncerOptions) {}

  get isLive(): boolean {
    return this.live;
  }

  /** Catches up; rejects if the connection fails meanwhile (the next authentication starts over from the cursor). */
  async catchUp(report: (applied: number) => void): Promise<void> {
    const run = ++this.run;
    this.live = false;
    this.waiting = [];
    this.catchingUp = true;
    try {
      await this.pullPages(run, report);
    } finally {
      if (run === this.run) this.catchingUp = false;
    }
    if (run !== this.run) return;
    this.live = true;
    const waiting = this.waiting;
    this.waiting = [];
    for (const events of waiting) {
      if (!this.live) return;
      this.applyLive(events);
    }
  }

  private async pullPages(run: number, report: (applied: number) => void): Promise<void> {
    const { rpc, store, onApplied } = this.options;
    const firstSync = store.getCursor() === 0;

    const { conversations } = await rpc.call('conversations', {});
    if (run !== this.run) return;
    onApplied(store.upsertConversations(conversations), 'snapshot', firstSync);

    let applied = 0;
    let after = store.getCursor();
    const limit = this.options.pageSize ?? SYNC_PAGE_MAX;
    let request = rpc.call('sync', { after, limit });
    for (;;) {
      const page = await request;
      if (run !== this.run) return;
      if (page.more) {
        if (page.next <= after && page.events.length === 0) throw new Error(`sync made no progress after ${after}`);
        // The next page travels while this one is committed: catch-up costs max(network, disk) per page, not both.
        request = rpc.call('sync', { after: page.next, limit });
        request.catch(() => undefined);
      }
      onApplied(store.applyEvents(page.events, page.next), 'sync', firstSync);
      applied += page.events.length;
      report(applied);
      if (!page.more) break;
      after = page.next;
    }
  }

  /**
   * A live `events` frame from the server. Frames read in one turn of the event loop (one socket chunk) are
   * applied together at its end, in one transaction.
   */
  receive(events: Event[]): void {
    if (this.live) {
      if (this.liveBatch === null) {
        this.liveBatch = [];
        const run = this.run;
        queueMicrotask(() => this.flushLive(run));
      }
      for (const event of events) this.liveBatch.push(event);
    } else if (this.catchingUp) this.waiting.push(events);
  }

  private flushLive(run: number): void {
    const events = this.liveBatch;
    this.liveBatch = null;
    if (events === null || run !== this.run || !this.live || events.length === 0) return;
    this.applyLive(events);
  }

  /** The connection is gone: whatever was waiting will come again from the next sync. */
  reset(): void {
    this.run++;
    this.liveBatch = null;
    this.live = false;
    this.catchingUp = false;
    this.waiting = [];
  }

  private applyLive(events: Event[]): void {
    const next = events.reduce((highest, event) => Math.max(highest, event.seq), 0);
    try {
      this.options.onApplied(this.options.store.applyEvents(events, next), 'live', false);
    } catch (error) {
      // The cursor did not move; later batches must not move it past the hole, so stop here and resync.
      this.options.logger.error({ error: String(error), next }, 'could not apply live events');
      this.reset();
      this.options.onLiveFailure();
    }
  }
}
