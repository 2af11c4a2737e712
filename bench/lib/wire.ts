import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../shared/protocol/limits';
import { countEvents } from './count';

/**
 * A minimal Parley protocol client for load generation: it speaks JSON by hand and, once `counting` is on,
 * no longer parses frames at all, so the load process spends its CPU delivering, not validating. (The
 * server's typed TestClient validates every frame with zod, which would make the load process the bottleneck.)
 */
export class WireClient {
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  counting = false;
  onEvents: (count: number) => void = () => {};

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      if (this.counting && this.calls.size === 0) {
        const n = countEvents(data);
        if (n > 0) this.onEvents(n);
        return;
      }
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown; code?: string; message?: string; events?: unknown[] };
      if (frame.type === 'events' && this.counting) this.onEvents(frame.events?.length ?? 0);
      if ((frame.type === 'result' || frame.type === 'error') && frame.id !== undefined) {
        const call = this.calls.get(frame.id);
        if (!call) return;
        this.calls.delete(frame.id);
        if (frame.type === 'result') call.resolve(frame.result);
        else call.reject(new Error(`${frame.code}: ${frame.message}`));
      }
    });
    ws.on('close', (code: number, reason: Buffer) => {
      for (const call of this.calls.values()) call.reject(new Error(`socket closed (${code} ${reason.toString()})`));
      this.calls.clear();
    });
    ws.on('error', () => {});
  }

  static async connect(url: string): Promise<WireClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new WireClient(ws);
  }

  call<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.ws.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  }

  register(username: string, password: string): Promise<{ token: string; user: { id: string; username: string } }> {
    return this.call('register', { v: PROTOCOL_VERSION, username, password });
  }

  resume(token: string): Promise<unknown> {
    return this.call('resume', { v: PROTOCOL_VERSION, token });
  }

  /** Syncs until `more` is false: from then on the server sends this socket live `events` frames. */
  async goLive(): Promise<void> {
    let after = 0;
    for (let page = 0; page < 10_000; page++) {
      const result = await this.call<{ more: boolean; next: number }>('sync', { after, limit: 500 });
      after = result.next;
      if (!result.more) return;
    }
    throw new Error('sync did not end');
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  terminate(): void {
    this.ws.terminate();
  }
}

export const BENCH_PASSWORD = 'bench password 1';

/** Registers `n` users in parallel batches, returning the signed-in sockets. */
export async function registerMany(url: string, prefix: string, n: number): Promise<{ client: WireClient; userId: string; token: string }[]> {
  const out: { client: WireClient; userId: string; token: string }[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, async (_, j) => {
        const client = await WireClient.connect(url);
        const session = await client.register(`${prefix}${String(i + j).padStart(4, '0')}`, BENCH_PASSWORD);
        return { client, userId: session.user.id, token: session.token };
      }),
    );
    out.push(...batch);
  }
  return out;
}
