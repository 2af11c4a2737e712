import type { Logger } from 'pino';
import { ErrorCode } from '../../../shared/protocol';
import { CallError, LocalFailure } from '../connection/errors';
import type { ChangeSet, OutboxItem, Store } from '../store/types';
import type { Rpc } from '../sync/syncer';

export interface OutboxSenderOptions {
  rpc: Rpc;
  store: Pick<Store, 'outboxPending' | 'outboxAttempted' | 'outboxAckedMany' | 'outboxFailed'>;
  /** Whether the connection is authenticated and caught up. */
  isOnline(): boolean;
  onChanges(changes: ChangeSet): void;
  logger: Logger;
  /** How many posts may be in flight at once. */
  window?: number;
  /** Wait before trying again after a timeout on a connection that still looks alive. */
  retryDelayMs?: number;
  /** How long acknowledgements may wait to be written (the echo of the event usually writes them first). */
  ackSaveDelayMs?: number;
}

const DEFAULT_WINDOW = 8;
const DEFAULT_RETRY_DELAY_MS = 2_000;
const DEFAULT_ACK_SAVE_DELAY_MS = 100;

type Outcome = { ok: true; seq: number; ts: number } | { ok: false; error: unknown };

interface InFlight {
  item: OutboxItem;
  answer: Promise<Outcome>;
  /** Set as soon as the answer is known, so that answers that are already in can be handled together. */
  outcome: Outcome | null;
}

/**
 * Sends the outbox, oldest first, whenever online, as a sliding window: an item is posted as soon as it is
 * queued while up to `window` posts wait for their answers on one socket (the server assigns sequence numbers in
 * arrival order). Answers are handled strictly in posting order; acknowledgements that are already in are
 * committed together. After a passing refusal nothing new is posted (the server refuses later posts with
 * `out_of_order` anyway, go-back-N): the answers still out are handled, and after the retry delay sending
 * starts again from the oldest pending item. An item is retried with its own id until acknowledged, so a resend
 * after a lost acknowledgement can never duplicate it, and an id is never posted while an earlier post of it is
 * still waiting for its answer.
 *
 * Acknowledgements are written a moment later, together: the server sends every post back as a live event right
 * after acknowledging it, and applying that echo already gives the message its seq and clears its outbox row, so
 * writing the acknowledgement as well would be a second transaction for the same change. Until written, an
 * acknowledged item is never posted again; if the app stops before, the item is resent and the server, which
 * knows its id, acknowledges it again without storing it twice.
 */
export class OutboxSender {
  private readonly inFlight: InFlight[] = [];
  private readonly inFlightIds = new Set<string>();
  /** Acknowledged items whose acknowledgement is not written yet. */
  private readonly unsavedAcks = new Map<string, { id: string; seq: number; ts: number }>();
  private ackTimer: NodeJS.Timeout | null = null;
  /** Set after a passing refusal: nothing is posted until the window is empty and the retry is due. */
  private holding = false;
  /** The longest retry delay asked for by the refusals of the current window. */
  private retryInMs: number | null = null;
  private consuming = false;
  private reconnectedDuringHold = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /**
   * The last read found every queued item (all posted or in flight): reading again finds nothing new until
   * something is queued, which kicks. Saves a query per acknowledgement while messages flow one at a time.
   */
  private drained = false;
  private disposed = false;
  private window: number;

  constructor(private readonly options: OutboxSenderOptions) {
    this.window = options.window ?? DEFAULT_WINDOW;
  }

  /** Something was queued, or the connection came online: send what is pending. */
  kick(): void {
    this.drained = false;
    if (this.disposed || !this.options.isOnline()) return;
    if (this.holding || this.retryTimer !== null) return;
    this.fill();
  }

  /**
   * Posts messages that are being written in this very turn of the event loop, ahead of their commit, when that
   * cannot reorder anything: online, no hold or retry pending, room in the window, and the last read of the queue
   * found every item already posted, so nothing older is waiting. Returns false, posting nothing, otherwise; the
   * caller then kicks once they are committed. The items must be committed before this turn ends (their answers
   * are handled in a later one). Should the commit fail, a posted item still reaches the server, and its echo
   * brings it back to the store as sent: delivered once, never lost.
   */
  postAhead(items: OutboxItem[]): boolean {
    if (!this.drained || this.disposed || this.holding || this.retryTimer !== null || !this.options.isOnline()) return false;
    if (this.inFlight.length + items.length > this.window) return false;
    for (const item of items) this.post(item);
    if (!this.consuming && this.inFlight.length > 0) void this.consume();
    return true;
  }

  /** A new socket: a smaller window forced by rate limiting on the old one no longer applies, nor does its hold. */
  connectionChanged(): void {
    this.drained = false;
    this.saveAcks();
    this.window = this.options.window ?? DEFAULT_WINDOW;
    this.clearRetry();
    if (this.inFlight.length === 0) {
      this.holding = false;
      this.retryInMs = null;
    } else {
      // Posts of the old socket are still waiting for their (failed) answers: nothing new goes out before they
      // are handled, or a post on the new socket could overtake them.
      this.holding = true;
      this.reconnectedDuringHold = true;
    }
  }

  dispose(): void {
    this.saveAcks();
    this.disposed = true;
    this.clearRetry();
  }

  /** Posts pending items, in queue order, until the window is full. */
  private fill(): void {
    const free = this.window - this.inFlight.length;
    if (free <= 0 || this.drained) return;
    let items: OutboxItem[];
    try {
      const skip = this.unsavedAcks.size === 0 ? this.inFlightIds : new Set([...this.inFlightIds, ...this.unsavedAcks.keys()]);
      items = this.options.store.outboxPending(free, skip);
    } catch (error) {
      this.options.logger.error({ error: String(error) }, 'outbox read failed');
      this.holdAndRetry(this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS);
      return;
    }
    // outboxPending left out the items in flight.
    let posted = 0;
    for (const item of items) {
      if (this.inFlight.length >= this.window || this.holding || this.disposed || !this.options.isOnline()) break;
      this.post(item);
      posted++;
    }
    this.drained = items.length < free && posted === items.length;
    if (!this.consuming && this.inFlight.length > 0) void this.consume();
  }

  private post(item: OutboxItem): void {
    const entry: InFlight = { item, answer: null as unknown as Promise<Outcome>, outcome: null };
    entry.answer = this.options.rpc.call('post', { convId: item.convId, id: item.id, body: item.body }).then(
      (ack): Outcome => (entry.outcome = { ok: true, seq: ack.seq, ts: ack.ts }),
      (error: unknown): Outcome => (entry.outcome = { ok: false, error }),
    );
    this.inFlight.push(entry);
    this.inFlightIds.add(item.id);
  }

  /** Handles answers in posting order while any post is in flight. */
  private async consume(): Promise<void> {
    this.consuming = true;
    try {
      while (this.inFlight.length > 0 && !this.disposed) {
        await this.inFlight[0]!.answer;
        if (this.disposed) return;
        this.handleSettled();
        if (!this.holding && this.retryTimer === null) this.fill();
      }
    } catch (error) {
      this.options.logger.error({ error: String(error) }, 'outbox send failed');
      for (const entry of this.inFlight.splice(0)) this.inFlightIds.delete(entry.item.id);
      this.drained = false;
      this.holding = true;
      this.retryInMs = Math.max(this.retryInMs ?? 0, this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS);
    } finally {
      this.consuming = false;
    }
    if (this.inFlight.length === 0 && this.holding && !this.disposed) this.endHold();
  }

  /** Handles the answers at the front of the window that are already in. */
  private handleSettled(): void {
    const { store, onChanges, logger } = this.options;
    while (this.inFlight.length > 0) {
      const entry = this.inFlight[0]!;
      const outcome = entry.outcome;
      if (outcome === null) break;
      this.inFlight.shift();
      this.inFlightIds.delete(entry.item.id);
      if (outcome.ok) {
        this.unsavedAcks.set(entry.item.id, { id: entry.item.id, seq: outcome.seq, ts: outcome.ts });
        this.ackTimer ??= setTimeout(() => this.saveAcks(), this.options.ackSaveDelayMs ?? DEFAULT_ACK_SAVE_DELAY_MS);
        continue;
      }
      // Not acknowledged: it is pending again (or failed), so the queue must be read again.
      this.drained = false;
      this.saveAcks();
      store.outboxAttempted(entry.item.id);
      if (outcome.error instanceof CallError && !outcome.error.transient) {
        logger.warn({ id: entry.item.id, code: outcome.error.code }, 'server refused an outbox item');
        onChanges(store.outboxFailed(entry.item.id, `${outcome.error.code}: ${outcome.error.message}`));
      } else {
        this.holding = true;
        this.retryInMs = Math.max(this.retryInMs ?? 0, this.retryDelayFor(outcome.error));
      }
    }
  }

  /** Writes the acknowledgements received so far in one transaction (a no-op for items their echo already wrote). */
  private saveAcks(): void {
    if (this.ackTimer !== null) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (this.unsavedAcks.size === 0 || this.disposed) return;
    const acks = [...this.unsavedAcks.values()];
    try {
      this.options.onChanges(this.options.store.outboxAckedMany(acks));
    } catch (error) {
      // Left in the outbox: resent later, and the server acknowledges a known id again without storing it twice.
      this.options.logger.error({ error: String(error) }, 'could not write acknowledgements');
    }
    this.unsavedAcks.clear();
  }

  /** The window is empty after a passing refusal: resend from the oldest pending item when the retry is due. */
  private endHold(): void {
    const delay = this.retryInMs ?? 0;
    this.retryInMs = null;
    this.holding = false;
    const reconnected = this.reconnectedDuringHold;
    this.reconnectedDuringHold = false;
    if (delay > 0) this.scheduleRetry(delay);
    // 0: the connection was gone. The next one kicks, unless it came online while the old answers were still
    // being handled (its kick was held back): then go on now.
    else if (reconnected) this.kick();
  }

  private holdAndRetry(delayMs: number): void {
    this.holding = true;
    this.retryInMs = Math.max(this.retryInMs ?? 0, delayMs);
    if (this.inFlight.length === 0 && !this.consuming) this.endHold();
  }

  private retryDelayFor(error: unknown): number {
    if (error instanceof CallError && error.code === ErrorCode.RateLimited) {
      // Fewer posts in flight, so that a refused one is not overtaken by the next of the same conversation.
      this.window = 1;
      return Math.max(1, error.retryAfterMs ?? DEFAULT_RETRY_DELAY_MS);
    }
    // Refused only because an earlier post of this window was: the next round resends from that one, in order.
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
