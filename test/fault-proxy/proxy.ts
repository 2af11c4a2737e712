import net from 'node:net';
import { ProxyLink, type LinkFaultKind } from './link';
import { noFaults, type PipeFaults } from './pipe';

export type { PipeFaults } from './pipe';
export type { Direction, LinkFaultKind } from './link';
export { ProxyLink } from './link';

export interface ProxyTarget {
  host: string;
  port: number;
}

export interface FaultProxyOptions {
  target: ProxyTarget;
  /** Where the proxy listens; always loopback unless told otherwise. */
  host?: string;
  port?: number;
}

export type FaultCounts = Record<LinkFaultKind | 'connections' | 'refused', number>;

/**
 * A TCP proxy that sits between WebSocket clients and the server and injects faults: latency, writes sliced
 * into single bytes, stalls, silent (half-open) links, cuts in the middle of a frame, and resets. Faults apply
 * globally (`setFaults`, affects every link) or to one link (`links()[i].setFaults`, `.cutMidFrame()`...).
 * The target can move (`setTarget`) so a restarted server on a new port is reached through the same address.
 */
export class FaultProxy {
  private readonly linkSet = new Set<ProxyLink>();
  private globals: PipeFaults = { ...noFaults };
  private nextId = 1;
  private acceptNew = true;
  readonly counts: FaultCounts = { connections: 0, refused: 0, cut: 0, reset: 0, stall: 0, blackhole: 0 };

  private constructor(
    private readonly server: net.Server,
    private target: ProxyTarget,
  ) {
    server.on('connection', (client) => this.onConnection(client));
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const server = net.createServer({ noDelay: true });
    const proxy = new FaultProxy(server, options.target);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  setTarget(target: ProxyTarget): void {
    this.target = target;
  }

  /** Global faults, merged under each link's own overrides; apply to links already open too. */
  setFaults(faults: Partial<PipeFaults>): void {
    this.globals = { ...this.globals, ...faults };
  }

  clearFaults(): void {
    this.globals = { ...noFaults };
  }

  /** While false, new client connections are reset at once (the network path is down). */
  setAcceptingConnections(accept: boolean): void {
    this.acceptNew = accept;
  }

  /** Open links, oldest first. */
  links(): ProxyLink[] {
    return [...this.linkSet].filter((link) => !link.closed);
  }

  /** Resets every open link (a network outage for everyone). */
  resetAll(): void {
    for (const link of this.links()) link.reset();
  }

  async close(): Promise<void> {
    for (const link of this.linkSet) link.destroy();
    this.linkSet.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(client: net.Socket): void {
    if (!this.acceptNew) {
      this.counts.refused++;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    this.counts.connections++;
    client.setNoDelay(true);
    const upstream = net.connect({ host: this.target.host, port: this.target.port, noDelay: true });
    const link = new ProxyLink(this.nextId++, client, upstream, () => this.globals, (kind) => this.counts[kind]++);
    this.linkSet.add(link);
    // Bytes the client sends before the upstream is connected are buffered by the upstream socket itself.
    void link.whenClosed().then(() => this.linkSet.delete(link));
  }
}
