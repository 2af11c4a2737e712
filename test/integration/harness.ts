import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EventName } from '../../shared/contract/names';
import type { EventPayload } from '../../shared/contract/api';
import type { Message } from '../../shared/domain';
import { startServer, type RunningServer, type ServerLimits } from '../../server/index';
import { FileSessionVault, Messenger, silentLogger, type ConnectionTimings, type IncomingItem, type MessengerOptions } from '../../main/core/index';
import { waitFor } from '../../main/core/connection/wait.testkit';

export { waitFor, sleep } from '../../main/core/connection/wait.testkit';

export const PASSWORD = 'correct horse battery';

/** Connection intervals short enough for tests, long enough not to trip on a busy 2-core CI machine. */
export const testTimings: Partial<ConnectionTimings> = {
  backoffBaseMs: 20,
  backoffCapMs: 250,
  stableAfterMs: 2_000,
  pingIntervalMs: 250,
  watchdogMs: 1_500,
  callTimeoutMs: 5_000,
  connectTimeoutMs: 5_000,
};

/** Owns what a test starts (servers, engines, temp dirs) and tears it down in reverse order. */
export class Harness {
  private readonly cleanups: (() => Promise<unknown> | unknown)[] = [];

  defer(cleanup: () => Promise<unknown> | unknown): void {
    this.cleanups.push(cleanup);
  }

  async tempDir(prefix = 'parley-it-'): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    this.defer(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /** A real relay in its own data dir (reuse `dataDir` and `port` to "restart" it). */
  async server(
    options: { dataDir?: string; port?: number; limits?: Partial<ServerLimits>; tls?: { cert: Buffer; key: Buffer } } = {},
  ): Promise<TestServer> {
    const dataDir = options.dataDir ?? (await this.tempDir('parley-server-'));
    const running = await startServer({
      port: options.port ?? 0,
      dataDir,
      supportBot: false,
      logger: silentLogger,
      insecureFastPasswordHashingForTestsOnly: true,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    });
    const server = new TestServer(running, dataDir);
    this.defer(() => server.close());
    return server;
  }

  /** A Messenger on a profile directory (a new temp dir unless given), recording every event it pushes. */
  async engine(options: { profileDir?: string; extra?: Partial<MessengerOptions> } = {}): Promise<Engine> {
    const profileDir = options.profileDir ?? (await this.tempDir('parley-profile-'));
    const messenger = await Messenger.open({
      profileDir,
      vault: new FileSessionVault(profileDir),
      capabilities: { shell: 'web', platform: 'test', closeToTray: false, startAtLogin: false, notifications: false },
      logger: silentLogger,
      connection: testTimings,
      tuning: { receiptDebounceMs: 20, signInTimeoutMs: 5_000 },
      ...options.extra,
    });
    const engine = new Engine(messenger, profileDir);
    this.defer(() => engine.dispose());
    return engine;
  }

  async dispose(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('cleanup failed', error);
      }
    }
  }
}

export class TestServer {
  private closed = false;

  constructor(
    private readonly running: RunningServer,
    readonly dataDir: string,
  ) {}

  get url(): string {
    return this.running.url;
  }

  get port(): number {
    return this.running.port;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.running.close();
  }
}

type Recorded = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** A Messenger under test plus everything it pushed. */
export class Engine {
  readonly events: Recorded[] = [];
  readonly incoming: IncomingItem[] = [];
  private disposed = false;

  constructor(
    readonly messenger: Messenger,
    readonly profileDir: string,
  ) {
    messenger.subscribe((name, payload) => this.events.push({ name, payload } as Recorded));
    messenger.onIncoming((items) => this.incoming.push(...items));
  }

  of<E extends EventName>(name: E): EventPayload<E>[] {
    return this.events.filter((event) => event.name === name).map((event) => event.payload as EventPayload<E>);
  }

  async signUp(server: TestServer | string, username: string, staySignedIn = true) {
    const url = typeof server === 'string' ? server : server.url;
    return this.messenger.register({ server: url, username, password: PASSWORD, staySignedIn });
  }

  async signIn(server: TestServer | string, username: string, staySignedIn = true) {
    const url = typeof server === 'string' ? server : server.url;
    return this.messenger.signIn({ server: url, username, password: PASSWORD, staySignedIn });
  }

  async online(timeoutMs = 10_000): Promise<void> {
    await waitFor(async () => (await this.messenger.getConnection()).state === 'online', 'the engine to be online', timeoutMs);
  }

  /** Every message of a conversation, oldest first, paging backwards from the newest. */
  async history(convId: string): Promise<Message[]> {
    const pages: Message[][] = [];
    let page = await this.messenger.pageMessages({ convId, anchor: { kind: 'latest' }, limit: 200 });
    pages.unshift(page.messages);
    while (page.hasOlder && page.messages.length > 0) {
      page = await this.messenger.pageMessages({ convId, anchor: { kind: 'before', sortKey: page.messages[0]!.sortKey }, limit: 200 });
      pages.unshift(page.messages);
    }
    return pages.flat();
  }

  /** Texts of the conversation's non-system messages, oldest first. */
  async texts(convId: string): Promise<string[]> {
    return (await this.history(convId)).filter((m) => m.system === null).map((m) => m.text);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.messenger.dispose();
  }
}
