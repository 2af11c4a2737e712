import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { ClientOptions } from 'ws';
import type { Member } from '../../shared/protocol';
import type { ServerOptions } from '../config';
import { startServer, type RunningServer } from '../server';
import { TestClient } from './client';

export interface SignedIn {
  client: TestClient;
  user: Member;
  token: string;
}

/** A real server on an ephemeral port in a temporary data directory, plus helpers to open signed-in clients. */
export class TestServer {
  private readonly clients = new Set<TestClient>();

  private constructor(
    public server: RunningServer,
    readonly dataDir: string,
    private readonly options: Omit<ServerOptions, 'dataDir'>,
    private readonly clientOptions: ClientOptions,
  ) {}

  static async start(options: Omit<ServerOptions, 'dataDir'> = {}, clientOptions: ClientOptions = {}): Promise<TestServer> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-server-'));
    const full = withTestDefaults(options);
    return new TestServer(await startServer({ ...full, dataDir }), dataDir, full, clientOptions);
  }

  get url(): string {
    return this.server.url;
  }

  async connect(): Promise<TestClient> {
    const client = await TestClient.connect(this.server.url, this.clientOptions);
    this.clients.add(client);
    return client;
  }

  async register(username: string, password?: string): Promise<SignedIn> {
    const client = await this.connect();
    const session = await client.register(username, password);
    return { client, user: session.user, token: session.token };
  }

  /** A second socket of an existing user (another device), resumed with the token. */
  async device(token: string): Promise<TestClient> {
    const client = await this.connect();
    await client.resume(token);
    return client;
  }

  /** Stops the server and starts it again on the same data directory (same port not guaranteed). */
  async restart(): Promise<void> {
    await this.closeClients();
    await this.server.close();
    this.server = await startServer({ ...this.options, dataDir: this.dataDir });
  }

  async stop(): Promise<void> {
    await this.closeClients();
    await this.server.close();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async closeClients(): Promise<void> {
    await Promise.all([...this.clients].map((client) => client.terminate()));
    this.clients.clear();
  }
}

function withTestDefaults(options: Omit<ServerOptions, 'dataDir'>): Omit<ServerOptions, 'dataDir'> {
  return {
    port: 0,
    logger: pino({ level: 'silent' }),
    insecureFastPasswordHashingForTestsOnly: true,
    ...options,
  };
}
