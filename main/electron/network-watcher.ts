/**
 * Tells the engine when the machine goes on- or offline, so it reconnects at once instead of waiting for its
 * backoff. Electron's main process has no online event, so `net.isOnline()` is polled; waking from sleep counts
 * as coming online.
 */
export class NetworkWatcher {
  private online: boolean;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly isOnline: () => boolean,
    private readonly changed: (online: boolean) => void,
    intervalMs = 3000,
  ) {
    this.online = isOnline();
    this.timer = setInterval(() => this.poll(), intervalMs);
  }

  /** The system resumed from sleep: connections are likely dead, try now. */
  resumed(): void {
    this.online = this.isOnline();
    if (this.online) this.changed(true);
  }

  dispose(): void {
    clearInterval(this.timer);
  }

  private poll(): void {
    const now = this.isOnline();
    if (now === this.online) return;
    this.online = now;
    this.changed(now);
  }
}
