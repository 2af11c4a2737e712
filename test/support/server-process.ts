import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const READY = /^parley server listening on (wss?:\/\/\S+)$/m;

export interface ServerProcessOptions {
  /** Data directory; a fresh temp dir when omitted (removed by `dispose()`). */
  dataDir?: string;
  /** Port to keep across restarts; a free one when omitted. */
  port?: number;
  /** More CLI flags, e.g. ['--no-support-bot']. */
  args?: string[];
  /** How long to wait for the ready line. */
  startTimeoutMs?: number;
}

/** A free TCP port on 127.0.0.1 (bound then released; good enough for tests on one machine). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The relay server as a child process (`node --import tsx server/cli.ts`, so the pid is the server itself and
 * SIGKILL really kills it). It keeps its port and data directory across `kill()` + `start()`, like a crash and a
 * restart of a real deployment.
 */
export class ServerProcess {
  readonly dataDir: string;
  port = 0;
  url = '';
  /** What the current process wrote to stdout (the ready line, nothing else) and to stderr (its logs). */
  stdout = '';
  stderr = '';
  private child: ChildProcess | null = null;
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  private readonly ownsDataDir: boolean;

  constructor(private readonly options: ServerProcessOptions = {}) {
    this.ownsDataDir = options.dataDir === undefined;
    this.dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-server-proc-'));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the process and resolves with its URL once it printed the ready line. */
  async start(): Promise<string> {
    if (this.child) throw new Error('server process already running');
    this.port ||= this.options.port ?? (await freePort());
    const args = ['--import', 'tsx', 'server/cli.ts', '--host', '127.0.0.1', '--port', String(this.port), '--data', this.dataDir, '--log-level', 'warn', ...(this.options.args ?? [])];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        resolve({ code, signal });
      }),
    );
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-20_000);
    });
    this.stdout = '';
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        this.stdout += chunk;
        const match = READY.exec(this.stdout);
        if (match) resolve(match[1]!);
      });
      void this.exit!.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before it was ready:\n${this.stderr}`)));
    });
    const timeoutMs = this.options.startTimeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`server not ready within ${timeoutMs} ms:\n${this.stderr}`)), timeoutMs);
    });
    try {
      this.url = await Promise.race([ready, timeout]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return this.url;
  }

  /** Sends a signal and waits for the process to exit. SIGKILL is a crash; SIGTERM a clean shutdown. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    const exit = this.exit;
    if (!child || !exit) return { code: null, signal: null };
    child.kill(signal);
    return exit;
  }

  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<string> {
    await this.kill(signal);
    return this.start();
  }

  /** Kills the process if it still runs and removes the data directory it created. */
  async dispose(): Promise<void> {
    await this.kill('SIGKILL');
    if (this.ownsDataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
