export interface HeartbeatOptions {
  pingIntervalMs: number;
  /** No frame at all for this long means the connection is half-open. */
  watchdogMs: number;
  /** Sends one application ping; resolves when its answer arrived. */
  ping(): Promise<unknown>;
  onRoundTrip(ms: number): void;
  onSilence(silentForMs: number): void;
}

/**
 * Keeps one socket honest: pings at a fixed interval to measure the round trip, and reports when nothing at all
 * arrived for `watchdogMs` (a half-open TCP connection looks alive to the sender until its buffers fill).
 */
export class Heartbeat {
  private lastFrameAt = Date.now();
  private pingTimer: NodeJS.Timeout | null = null;
  private watchdogTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: HeartbeatOptions) {
    this.pingTimer = setInterval(() => this.ping(), options.pingIntervalMs);
    this.armWatchdog(options.watchdogMs);
  }

  /** Any frame from the server proves the connection carries data. */
  frameReceived(): void {
    this.lastFrameAt = Date.now();
  }

  dispose(): void {
    this.stopped = true;
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    if (this.watchdogTimer !== null) clearTimeout(this.watchdogTimer);
    this.pingTimer = this.watchdogTimer = null;
  }

  private ping(): void {
    const started = performance.now();
    this.options.ping().then(
      () => {
        if (!this.stopped) this.options.onRoundTrip(performance.now() - started);
      },
      () => undefined, // a lost ping is the watchdog's business
    );
  }

  private armWatchdog(delayMs: number): void {
    this.watchdogTimer = setTimeout(() => {
      this.watchdogTimer = null;
      if (this.stopped) return;
      const silentFor = Date.now() - this.lastFrameAt;
      if (silentFor >= this.options.watchdogMs) this.options.onSilence(silentFor);
      else this.armWatchdog(this.options.watchdogMs - silentFor);
    }, delayMs);
  }
}
