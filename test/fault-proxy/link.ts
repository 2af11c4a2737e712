import type { Socket } from 'node:net';
import { Pipe, type PipeFaults } from './pipe';

export type Direction = 'toServer' | 'toClient';
export type LinkFaultKind = 'cut' | 'reset' | 'stall' | 'blackhole';

/**
 * One proxied TCP connection: the client's socket, the upstream socket to the server, and a pipe each way.
 * Faults can be set for this link alone (they override the proxy's global ones).
 */
export class ProxyLink {
  readonly toServer: Pipe;
  readonly toClient: Pipe;
  private overrides: Partial<PipeFaults> = {};
  private closedFlag = false;
  private readonly closedWaiters: (() => void)[] = [];
  private stallTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: number,
    readonly client: Socket,
    readonly upstream: Socket,
    private readonly globalFaults: () => PipeFaults,
    private readonly onFault: (kind: LinkFaultKind) => void,
  ) {
    this.toServer = new Pipe(client, upstream, () => this.faults());
    this.toClient = new Pipe(upstream, client, () => this.faults());
    // An error or close on either side ends the other side as a real network path would; a FIN travels
    // through the pipe so that bytes still delayed by latency go out before it.
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      socket.on('error', () => other.destroy());
      socket.on('close', (hadError) => {
        if (hadError) other.destroy();
        // After a clean close the FIN is still queued in the pipe behind delayed bytes; the other side ends
        // when it is delivered. The timer only guards against a peer that never closes its half.
        else setTimeout(() => other.destroy(), 5_000).unref();
        this.markClosed();
      });
    }
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Resolves once both sockets are closed. */
  whenClosed(): Promise<void> {
    if (this.closedFlag) return Promise.resolve();
    return new Promise((resolve) => this.closedWaiters.push(resolve));
  }

  faults(): PipeFaults {
    return { ...this.globalFaults(), ...this.overrides };
  }

  setFaults(faults: Partial<PipeFaults>): void {
    this.overrides = { ...this.overrides, ...faults };
  }

  /** Closes both sides (FIN) after forwarding only part of the next chunk in `direction`: a cut mid-frame. */
  cutMidFrame(direction: Direction = 'toClient'): void {
    if (this.closedFlag) return;
    this.onFault('cut');
    const pipe = direction === 'toServer' ? this.toServer : this.toClient;
    pipe.armCut(() => this.endBoth());
  }

  /** Closes both sides now with FIN, whatever was in flight. */
  cut(): void {
    if (this.closedFlag) return;
    this.onFault('cut');
    this.endBoth();
  }

  /** Aborts both sides with a TCP RST. */
  reset(): void {
    if (this.closedFlag) return;
    this.onFault('reset');
    this.client.resetAndDestroy();
    this.upstream.resetAndDestroy();
  }

  /** Holds all traffic both ways for `ms` (or until `resume()`), then delivers it: a network stall that ends. */
  stall(ms?: number): void {
    if (this.closedFlag) return;
    this.onFault('stall');
    this.toServer.hold();
    this.toClient.hold();
    if (ms !== undefined) {
      this.clearStallTimer();
      this.stallTimer = setTimeout(() => this.resume(), ms);
    }
  }

  resume(): void {
    this.clearStallTimer();
    this.toServer.release();
    this.toClient.release();
  }

  /** Goes silent both ways for good without closing: only the endpoints' own liveness checks can end it. */
  blackhole(): void {
    if (this.closedFlag) return;
    this.onFault('blackhole');
    this.clearStallTimer();
    this.toServer.blackhole();
    this.toClient.blackhole();
  }

  /** Quietly closes both sockets (used on proxy shutdown; not counted as a fault). */
  destroy(): void {
    this.client.destroy();
    this.upstream.destroy();
    this.markClosed();
  }

  private endBoth(): void {
    this.client.end();
    this.upstream.end();
    // A peer that never answers the FIN must not keep the link alive.
    setTimeout(() => this.destroy(), 1_000).unref();
  }

  private clearStallTimer(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  private markClosed(): void {
    if (this.closedFlag) return;
    if (!this.client.destroyed || !this.upstream.destroyed) return;
    this.closedFlag = true;
    this.clearStallTimer();
    this.toServer.dispose();
    this.toClient.dispose();
    for (const resolve of this.closedWaiters.splice(0)) resolve();
  }
}
