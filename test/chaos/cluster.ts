import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionTimings } from '../../main/core/connection/timings';
import { FaultProxy } from '../fault-proxy/proxy';
import { ServerProcess } from '../support/server-process';
import { EngineProcess } from './engine-process';
import { checkDatabasesIn } from './integrity';

/** Engine intervals for the chaos run: a silent link is noticed in seconds, retries start fast. */
export const chaosTimings: Partial<ConnectionTimings> = {
  backoffBaseMs: 100,
  backoffCapMs: 2_000,
  stableAfterMs: 2_000,
  pingIntervalMs: 1_000,
  watchdogMs: 3_000,
  callTimeoutMs: 5_000,
  connectTimeoutMs: 3_000,
};

export const PASSWORD = 'chaos-password-1';

export interface User {
  name: string;
  engine: EngineProcess;
  profileDir: string;
  journalPath: string;
  userId: string;
}

/**
 * Everything a chaos run runs: the relay server as a child process, the fault proxy in front of it, and one
 * engine child process per user, each with its own profile and send journal in one temp directory.
 */
export class Cluster {
  readonly users: User[] = [];
  /** Problems `PRAGMA integrity_check` found after forced kills (must stay empty). */
  readonly integrityProblems: string[] = [];
  integrityChecks = 0;
  private logFd: number;

  private constructor(
    readonly root: string,
    readonly server: ServerProcess,
    readonly proxy: FaultProxy,
  ) {
    this.logFd = fs.openSync(path.join(root, 'engines.log'), 'a');
  }

  static async start(userCount: number, baseDir = os.tmpdir()): Promise<Cluster> {
    const root = fs.mkdtempSync(path.join(baseDir, 'parley-chaos-'));
    const server = new ServerProcess({ dataDir: path.join(root, 'server'), args: ['--no-support-bot'] });
    fs.mkdirSync(server.dataDir, { recursive: true });
    let proxy: FaultProxy | null = null;
    try {
      await server.start();
      proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port } });
      const cluster = new Cluster(root, server, proxy);
      for (let i = 0; i < userCount; i++) await cluster.addUser(`chaos${i}`);
      return cluster;
    } catch (error) {
      await proxy?.close();
      await server.dispose();
      fs.rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  private async addUser(name: string): Promise<void> {
    const profileDir = path.join(this.root, 'profiles', name);
    fs.mkdirSync(profileDir, { recursive: true });
    const journalPath = path.join(this.root, `${name}.journal`);
    const engine = new EngineProcess(name);
    await engine.start({
      profileDir,
      journalPath,
      signIn: { server: this.proxy.url, username: name, password: PASSWORD, register: true },
      timings: chaosTimings,
      logFile: this.logFd,
    });
    this.users.push({ name, engine, profileDir, journalPath, userId: engine.userId! });
  }

  /** Users whose engine is up and signed in. */
  aliveUsers(): User[] {
    return this.users.filter((user) => user.engine.ready);
  }

  /** SIGKILL of one engine, then the integrity check of its profile while nothing holds it. */
  async killEngine(user: User): Promise<void> {
    await user.engine.kill();
    this.checkIntegrity(user.profileDir);
  }

  /** Starts a killed engine again on the same profile; it resumes the session from its vault. */
  async restartEngine(user: User): Promise<void> {
    if (user.engine.alive) return;
    await user.engine.start({ profileDir: user.profileDir, journalPath: user.journalPath, signIn: null, timings: chaosTimings, logFile: this.logFd });
  }

  async killServer(): Promise<void> {
    await this.server.kill('SIGKILL');
    this.checkIntegrity(this.server.dataDir);
  }

  async restartServer(): Promise<void> {
    if (!this.server.running) await this.server.start();
  }

  checkIntegrity(dir: string): void {
    this.integrityChecks++;
    this.integrityProblems.push(...checkDatabasesIn(dir));
  }

  /** Stops every engine cleanly (their stores close), then the server and the proxy. Keeps the files. */
  async stopAll(): Promise<void> {
    await Promise.all(this.users.map((user) => user.engine.stop()));
    await this.server.kill('SIGTERM');
    await this.proxy.close();
  }

  /** Kills whatever still runs and removes the temp directory (unless asked to keep it for a post-mortem). */
  async dispose(keepFiles = false): Promise<void> {
    await Promise.all(this.users.map((user) => user.engine.kill()));
    await this.server.kill('SIGKILL');
    await this.proxy.close().catch(() => undefined);
    fs.closeSync(this.logFd);
    if (!keepFiles) fs.rmSync(this.root, { recursive: true, force: true });
  }
}
