import type { Socket } from 'node:net';

/** How one direction of a proxied connection treats the bytes passing through it. */
export interface PipeFaults {
  /** Extra delay before each chunk is forwarded (order is always kept). */
  latencyMs: number;
  /** Random extra delay in [0, jitterMs) on top of latencyMs; never reorders. */
  jitterMs: number;
  /** Forward each chunk as writes of at most this many bytes (1 = single bytes); 0 = whole chunks. */
  sliceBytes: number;
}

export const noFaults: PipeFaults = { latencyMs: 0, jitterMs: 0, sliceBytes: 0 };

/** Bytes a pipe buffers before it stops reading from its source. */
const MAX_QUEUED_BYTES = 1024 * 1024;

interface Queued {
  data: Buffer;
  releaseAt: number;
  /** The source sent FIN: end the destination once everything before it went out. */
  end?: true;
}

/**
 * One direction of a proxied connection: reads from `from`, writes to `to`, applying latency and slicing
 * in order. While held it stops reading (TCP backpressure keeps memory bounded) and forwards nothing.
 * `cutAfterPartial` makes the next chunk of at least 2 bytes go out only in part, then calls `onCut`,
 * which lets the proxy close a connection in the middle of a WebSocket frame.
 */
export class Pipe {
  private readonly queue: Queued[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  private held = false;
  private dropping = false;
  private cutArmed: (() => void) | null = null;
  private disposed = false;
  private lastRelease = 0;
  private queuedBytes = 0;
  private pausedForQueue = false;
  private awaitingDrain = false;
  bytes = 0;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private faults: () => PipeFaults,
  ) {
    from.on('data', (chunk: Buffer) => this.onData(chunk));
    from.on('end', () => {
      if (this.disposed || this.dropping) return;
      this.queue.push({ data: Buffer.alloc(0), releaseAt: this.lastRelease, end: true });
      this.pump();
    });
  }

  setFaultSource(faults: () => PipeFaults): void {
    this.faults = faults;
  }

  /** Stops forwarding and reading until `release()`; the bytes wait (a stall that ends). */
  hold(): void {
    this.held = true;
    this.from.pause();
    this.clearTimer();
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    this.resumeIfAllowed();
    this.pump();
  }

  /** Silently discards everything from now on without closing (a half-open link that never recovers). */
  blackhole(): void {
    this.dropping = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.clearTimer();
    // Keep reading so the sender sees its writes succeed, exactly like a peer that vanished.
    this.from.resume();
  }

  get isBlackholed(): boolean {
    return this.dropping;
  }

  /** The next chunk of ≥ 2 bytes is forwarded only in part, then `onCut` runs. */
  armCut(onCut: () => void): void {
    this.cutArmed = onCut;
  }

  get cutPending(): boolean {
    return this.cutArmed !== null;
  }

  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
    this.clearTimer();
  }

  private onData(chunk: Buffer): void {
    if (this.disposed || this.dropping) return;
    const { latencyMs, jitterMs } = this.faults();
    const delay = latencyMs + (jitterMs > 0 ? Math.floor(Math.random() * jitterMs) : 0);
    // Never earlier than the chunk before: jitter must not reorder a byte stream.
    const releaseAt = Math.max(Date.now() + delay, this.lastRelease);
    this.lastRelease = releaseAt;
    this.queue.push({ data: chunk, releaseAt });
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > MAX_QUEUED_BYTES && !this.pausedForQueue) {
      // Latency and slicing slow the output down; stop reading so the queue stays bounded.
      this.pausedForQueue = true;
      this.from.pause();
    }
    this.pump();
  }

  private pump(): void {
    if (this.disposed || this.held || this.dropping || this.writing || this.timer) return;
    const head = this.queue[0];
    if (!head) return;
    const wait = head.releaseAt - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    this.queue.shift();
    if (head.end) {
      this.to.end();
      return;
    }
    this.queuedBytes -= head.data.length;
    if (this.pausedForQueue && this.queuedBytes <= MAX_QUEUED_BYTES / 2) {
      this.pausedForQueue = false;
      this.resumeIfAllowed();
    }
    this.forward(head.data);
  }

  private forward(data: Buffer): void {
    if (this.cutArmed && data.length >= 2) {
      const onCut = this.cutArmed;
      this.cutArmed = null;
      const part = data.subarray(0, Math.max(1, Math.floor(data.length / 2)));
      this.bytes += part.length;
      this.to.write(part, () => onCut());
      return;
    }
    const slice = this.faults().sliceBytes;
    if (slice <= 0 || data.length <= slice) {
      this.bytes += data.length;
      this.writeThenContinue(data);
      return;
    }
    this.writeSliced(data, slice, 0);
  }

  private writeSliced(data: Buffer, slice: number, offset: number): void {
    if (this.disposed || this.dropping) return;
    if (offset >= data.length) {
      this.pump();
      return;
    }
    this.writing = true;
    const part = data.subarray(offset, offset + slice);
    this.bytes += part.length;
    this.to.write(part, () => {
      // A macrotask between slices so each one leaves in its own TCP segment (Nagle is off on both sockets).
      setImmediate(() => {
        this.writing = false;
        if (this.held) {
          // Put the unsent rest back at the head so release() continues exactly where we stopped.
          const rest = data.subarray(offset + slice);
          if (rest.length > 0) {
            this.queue.unshift({ data: rest, releaseAt: 0 });
            this.queuedBytes += rest.length;
          }
          return;
        }
        this.writeSliced(data, slice, offset + slice);
      });
    });
  }

  private writeThenContinue(data: Buffer): void {
    const flushed = this.to.write(data);
    if (flushed) {
      this.pump();
      return;
    }
    // Respect backpressure of the receiving side instead of buffering without bound.
    this.writing = true;
    this.awaitingDrain = true;
    this.from.pause();
    this.to.once('drain', () => {
      this.writing = false;
      this.awaitingDrain = false;
      this.resumeIfAllowed();
      this.pump();
    });
  }

  private resumeIfAllowed(): void {
    if (this.held || this.disposed || this.pausedForQueue || this.awaitingDrain) return;
    this.from.resume();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
