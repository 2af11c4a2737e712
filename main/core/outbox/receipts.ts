import { z } from 'zod';
import type { Logger } from 'pino';
import { CallError, LocalFailure } from '../connection/errors';
import type { Store } from '../store/types';
import type { Rpc } from '../sync/syncer';

export interface ReceiptSenderOptions {
  rpc: Rpc;
  store: Pick<Store, 'pendingDeliveredReceipts' | 'getMeta' | 'setMeta'>;
  isOnline(): boolean;
  logger: Logger;
  /** Incoming messages arrive in bursts; one receipt per conversation per burst is enough. */
  debounceMs?: number;
}

/** Read receipts not yet accepted by the server survive restarts in the store's meta table. */
const PENDING_READ_KEY = 'pendingReadReceipts';
const PendingReads = z.record(z.string(), z.number().int().min(0));
const DEFAULT_DEBOUNCE_MS = 300;
const RETRY_DELAY_MS = 2_000;

/**
 * Sends delivered receipts for newly stored messages (debounced) and read receipts for conversations the user
 * read, whenever online. Receipts only move forward on the server, so sending one twice is harmless; this
 * avoids it where it can.
 */
export class ReceiptSender {
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private flushing = false;
  private flushAgain = false;
  private disposed = false;
  /** Delivered receipts sent on the current connection, until the store reflects them. */
  private readonly sentDelivered = new Map<string, number>();
  private readonly pendingReads: Map<string, number>;

  constructor(private readonly options: ReceiptSenderOptions) {
    this.pendingReads = new Map(Object.entries(this.loadPendingReads()));
  }

  /** New messages of others were stored. */
  deliveredLater(): void {
    if (this.disposed || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  /** The user read the conversation up to `upTo`. */
  read(convId: string, upTo: number): void {
    if (upTo <= (this.pendingReads.get(convId) ?? 0)) return;
    this.pendingReads.set(convId, upTo);
    this.savePendingReads();
    void this.flush();
  }

  /** Online again (a new socket): send what waited. */
  online(): void {
    this.sentDelivered.clear();
    void this.flush();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.timer = this.retryTimer = null;
  }

  private retryLater(delayMs: number): void {
    if (this.disposed || this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, delayMs);
  }

  async flush(): Promise<void> {
    if (this.disposed || !this.options.isOnline()) return;
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    try {
      await this.sendReads();
      await this.sendDelivered();
    } catch (error) {
      this.options.logger.debug({ error: String(error) }, 'receipts not sent, will retry');
      // A lost connection brings a flush with the next one; anything else (rate limit, timeout) retries here.
      if (!(error instanceof CallError && error.code === LocalFailure.Disconnected)) {
        const retryAfterMs = error instanceof CallError ? error.retryAfterMs : undefined;
        this.retryLater(retryAfterMs ?? RETRY_DELAY_MS);
      }
    } finally {
      this.flushing = false;
    }
    if (this.flushAgain) {
      this.flushAgain = false;
      await this.flush();
    }
  }

  private async sendReads(): Promise<void> {
    for (const [convId, upTo] of [...this.pendingReads]) {
      try {
        await this.options.rpc.call('receipt', { convId, receipt: 'read', upTo });
      } catch (error) {
        if (isPermanent(error)) this.options.logger.warn({ convId, error: String(error) }, 'read receipt refused');
        else throw error;
      }
      if (this.pendingReads.get(convId) === upTo) this.pendingReads.delete(convId);
      this.savePendingReads();
    }
  }

  private async sendDelivered(): Promise<void> {
    for (const { convId, upTo } of this.options.store.pendingDeliveredReceipts()) {
      if ((this.sentDelivered.get(convId) ?? 0) >= upTo) continue;
      try {
        await this.options.rpc.call('receipt', { convId, receipt: 'delivered', upTo });
      } catch (error) {
        if (!isPermanent(error)) throw error;
        this.options.logger.warn({ convId, error: String(error) }, 'delivered receipt refused');
      }
      this.sentDelivered.set(convId, upTo);
    }
  }

  private loadPendingReads(): Record<string, number> {
    const raw = this.options.store.getMeta(PENDING_READ_KEY);
    if (raw === null) return {};
    try {
      const parsed = PendingReads.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: forget it, the next markRead sends a fresh receipt
    }
    return {};
  }

  private savePendingReads(): void {
    const value = this.pendingReads.size === 0 ? null : JSON.stringify(Object.fromEntries(this.pendingReads));
    this.options.store.setMeta(PENDING_READ_KEY, value);
  }
}

const isPermanent = (error: unknown): boolean => error instanceof CallError && !error.transient;
