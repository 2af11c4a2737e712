import type { Logger } from 'pino';
import { ErrorCode } from '../../../shared/protocol';
import { CallError, LocalFailure } from '../connection/errors';
import type { ChangeSet, OutboxItem, Store } from '../store/types';
import type { Rpc } from '../sync/syncer';

export interface OutboxSenderOptions {
  rpc: Rpc;
  store: Pick<Store, 'outboxPending' | 'outboxAttempted' | 'outboxAcked' | 'outboxFailed'>;
  /** Whether the connection is authenticated and caught up. */
  isOnline(): boolean;
  onChanges(changes: ChangeSet): void;
  logger: Logger;
  /** How many posts may be in flight at once. */
  window?: number;
  /** Wait before trying again after a timeout on a connection that still looks alive. */
  retryDelayMs?: number;
}

const DEFAULT_WINDOW = 8;
const DEFAULT_RETRY_DELAY_MS = 2_000;

type Outcome = { ok: true; seq: number; ts: number } | { ok: false; error: unknown };

/**
 * Sends the outbox, oldest first, whenever online. Posts of one batch go out in order on one socket (the server
 * assigns sequence numbers in arrival order) and their answers are handled in that order. An item is retried
 * with its own id until acknowledged, so a resend after a lost acknowledgement can never duplicate it.
 */
export class OutboxSender {
  private draining = false;
  private kickedWhileDraining = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private disposed = false;
  private window: number;

  constructor(private readonly options: OutboxSenderOptions) {
    this.window = options.window ?? DEFAULT_WINDOW;
  }

  /** Something was queued, or the connection came online: send what is pending. */
  kick(): void {
    if (this.disposed || !this.options.isOnline()) return;
    if (this.draining) {
      this.kickedWhileDraining = true;
      return;
    }
    this.clearRetry();
    void this.drain();
  }

  /** A new socket: a smaller window forced by rate limiting on the old one no longer applies. */
  connectionChanged(): void {
    this.window = this.options.window ?? DEFAULT_WINDOW;
  }

  dispose(): void {
    this.disposed = true;
    this.clearRetry();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (!this.disposed && this.options.isOnline()) {
        const batch = this.options.store.outboxPending(this.window);
        if (batch.length === 0) break;
        const retryInMs = await this.sendBatch(batch);
        if (retryInMs !== null) {
          if (retryInMs > 0) this.scheduleRetry(retryInMs);
          return;
        }
      }
    } catch (error) {
      this.options.logger.error({ error: String(error) }, 'outbox drain failed');
      this.scheduleRetry(this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS);
      return;
    } finally {
      this.draining = false;
    }
    if (this.kickedWhileDraining) {
      this.kickedWhileDraining = false;
      this.kick();
    }
  }

  /** Returns null to continue with the next batch, or when to retry (0: on the next connection). */
  private async sendBatch(batch: OutboxItem[]): Promise<number | null> {
    const { rpc, store } = this.options;
    const answers = batch.map((item): Promise<Outcome> => {
      store.outboxAttempted(item.id);
      return rpc.call('post', { convId: item.convId, id: item.id, body: item.body }).then(
        (ack) => ({ ok: true, seq: ack.seq, ts: ack.ts }),
        (error: unknown) => ({ ok: false, error }),
      );
    });
    let retryInMs: number | null = null;
    for (const [index, item] of batch.entries()) {
      const outcome = await answers[index]!;
      if (this.disposed) return 0;
      if (outcome.ok) {
        this.options.onChanges(store.outboxAcked(item.id, { seq: outcome.seq, ts: outcome.ts }));
      } else if (outcome.error instanceof CallError && !outcome.error.transient) {
        this.options.logger.warn({ id: item.id, code: outcome.error.code }, 'server refused an outbox item');
        this.options.onChanges(store.outboxFailed(item.id, `${outcome.error.code}: ${outcome.error.message}`));
      } else {
        retryInMs = Math.max(retryInMs ?? 0, this.retryDelayFor(outcome.error));
      }
    }
    return retryInMs;
  }

  private retryDelayFor(error: unknown): number {
    if (error instanceof CallError && error.code === ErrorCode.RateLimited) {
      // Fewer posts in flight, so that a refused one is not overtaken by the next of the same conversation.
      this.window = 1;
      return Math.max(1, error.retryAfterMs ?? DEFAULT_RETRY_DELAY_MS);
    }
    // Refused only because an earlier post of this batch was: the next drain resends from that one, in order.
    if (error instanceof CallError && error.code === ErrorCode.OutOfOrder) return 1;
    if (error instanceof CallError && error.code === LocalFailure.Disconnected) return 0;
    this.options.logger.warn({ error: String(error) }, 'outbox send failed, will retry');
    return this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  }

  private scheduleRetry(delayMs: number): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, delayMs);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
