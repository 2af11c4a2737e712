import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onCleanup, withTimeout } from './cleanup';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/**
 * A second process running one of `bench/procs/*.ts` under tsx, driven by request/reply over the IPC
 * channel. Load is generated there so that the process under test and the load share no event loop.
 */
export class Child {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private exited = false;
  private readonly release: () => Promise<void>;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    proc.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(`${name}: ${message.error ?? 'failed'}`));
    });
    proc.on('exit', (code, signal) => {
      this.exited = true;
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${name} exited (${code ?? signal})`));
      this.pending.clear();
    });
    this.release = onCleanup(`child ${name}`, () => this.kill());
  }

  /** Starts `bench/procs/<script>.ts`; `nodeArgs` go to node (e.g. --cpu-prof). */
  static async start(script: string, nodeArgs: string[] = []): Promise<Child> {
    const path = fileURLToPath(new URL(`../procs/${script}.ts`, import.meta.url));
    const proc = fork(path, [], {
      cwd: repoRoot,
      // BENCH_CPU_PROF=1 writes a V8 CPU profile of every child to bench/profiles/ (git-ignored) for `--cpu-prof` analysis.
      execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${repoRoot}bench/profiles`] : []), ...nodeArgs],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const child = new Child(script, proc);
    await child.call('ready', {}, 30_000);
    return child;
  }

  call<T>(cmd: string, params: unknown, timeoutMs: number): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    const reply = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
    this.proc.send({ id, cmd, params });
    return withTimeout(`${this.name} ${cmd}`, timeoutMs, reply).finally(() => this.pending.delete(id));
  }

  /** Asks the child to exit, then kills it if it does not within a second. */
  async stop(): Promise<void> {
    await this.release();
  }

  private async kill(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 1_000);
    await exited;
    clearTimeout(timer);
  }
}
