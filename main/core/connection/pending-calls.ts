import { CallError, LocalFailure } from './errors';

interface Pending {
  resolve(value: unknown): void;
  reject(error: CallError): void;
  timer: NodeJS.Timeout;
}

const MAX_CALL_ID = 2 ** 31 - 1;

/** Calls in flight on one socket, by id: each settles exactly once (result, error, timeout or disconnect). */
export class PendingCalls {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  get size(): number {
    return this.pending.size;
  }

  /** Registers a call and returns its id and the promise of its raw result. */
  open(method: string, timeoutMs: number): { id: number; result: Promise<unknown> } {
    const id = this.allocateId();
    const result = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CallError(LocalFailure.Timeout, `${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
    return { id, result };
  }

  resolve(id: number, value: unknown): boolean {
    const entry = this.take(id);
    entry?.resolve(value);
    return entry !== undefined;
  }

  reject(id: number, error: CallError): boolean {
    const entry = this.take(id);
    entry?.reject(error);
    return entry !== undefined;
  }

  /** Rejects every call in flight: their socket is gone, so no answer can come. */
  rejectAll(reason: string): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      clearTimeout(entry.timer);
      entry.reject(new CallError(LocalFailure.Disconnected, reason));
    }
  }

  private take(id: number): Pending | undefined {
    const entry = this.pending.get(id);
    if (entry === undefined) return undefined;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    return entry;
  }

  private allocateId(): number {
    do {
      this.nextId = this.nextId >= MAX_CALL_ID ? 1 : this.nextId + 1;
    } while (this.pending.has(this.nextId));
    return this.nextId;
  }
}
