import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Outcome } from '../../shared/contract/errors';
import type { EngineStatus, FromEngine, ToEngine } from './engine-protocol';

const workerPath = path.join(import.meta.dirname, 'engine-worker.ts');

export interface EngineStartOptions {
  profileDir: string;
  journalPath: string;
  signIn: Extract<ToEngine, { type: 'start' }>['signIn'];
  timings: Extract<ToEngine, { type: 'start' }>['timings'];
  /** Where the child's stderr (engine logs) goes; ignored by default. */
  logFile?: number;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One user's engine (a real Messenger) in its own child process, in its own process group so that SIGKILL
 * takes all of it at once, mid-send if need be. Calls made while it is dead or killed reject.
 */
export class EngineProcess {
  private child: ChildProcess | null = null;
  private nextReq = 1;
  private readonly pending = new Map<number, Pending>();
  private exited: Promise<void> = Promise.resolve();
  private readyFlag = false;
  userId: string | null = null;

  constructor(readonly name: string) {}

  /** A child process exists (it may still be starting). */
  get alive(): boolean {
    return this.child !== null;
  }

  /** Started and signed in: it takes sends. */
  get ready(): boolean {
    return this.child !== null && this.readyFlag;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the child and resolves once its Messenger is open and signed in. */
  async start(options: EngineStartOptions, timeoutMs = 30_000): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const child = fork(workerPath, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', options.logFile ?? 'ignore', 'ipc'],
      detached: true,
      env: { ...process.env, PARLEY_LOG_LEVEL: process.env.PARLEY_CHAOS_ENGINE_LOG ?? 'warn' },
    });
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        if (this.child === child) {
          this.child = null;
          this.readyFlag = false;
        }
        this.failPending(`${this.name} exited`);
        resolve();
      }),
    );
    let fatal = '';
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not start in ${timeoutMs} ms`)), timeoutMs);
      child.on('message', (message: FromEngine) => {
        if (message.type === 'fatal') fatal = message.message;
        if (message.type === 'ready') {
          clearTimeout(timer);
          this.userId = message.userId;
          this.readyFlag = true;
          resolve();
        } else if (message.type === 'fatal') {
          clearTimeout(timer);
          reject(new Error(`${this.name}: ${message.message}`));
        } else this.onReply(message);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        // Give a fatal report still in the IPC pipe the chance to arrive first.
        setImmediate(() => reject(new Error(`${this.name} exited during start (${code ?? signal})${fatal ? `: ${fatal}` : ''}`)));
      });
    });
    this.post({ type: 'start', profileDir: options.profileDir, journalPath: options.journalPath, signIn: options.signIn, timings: options.timings });
    try {
      await ready;
    } catch (error) {
      await this.kill();
      throw error;
    }
  }

  send(convId: string, text: string, timeoutMs = 30_000): Promise<Outcome<unknown>> {
    return this.request((reqId) => ({ type: 'send', reqId, convId, text }), timeoutMs) as Promise<Outcome<unknown>>;
  }

  call(name: string, input: unknown, timeoutMs = 30_000): Promise<Outcome<unknown>> {
    return this.request((reqId) => ({ type: 'call', reqId, name, input }), timeoutMs) as Promise<Outcome<unknown>>;
  }

  /** Like `call`, but throws on a failed outcome. */
  async invoke<T>(name: string, input: unknown, timeoutMs = 30_000): Promise<T> {
    const outcome = await this.call(name, input, timeoutMs);
    if (!outcome.ok) throw new Error(`${this.name}.${name}: ${outcome.error.code} ${outcome.error.message}`);
    return outcome.value as T;
  }

  status(timeoutMs = 10_000): Promise<EngineStatus> {
    return this.request((reqId) => ({ type: 'status', reqId }), timeoutMs) as Promise<EngineStatus>;
  }

  /** SIGKILL to the whole process group; resolves once the child is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
    await this.exited;
  }

  /** Asks the engine to dispose and exit; kills it if it does not within the time limit. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.post({ type: 'stop' });
    const timer = setTimeout(() => void this.kill(), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  private request(build: (reqId: number) => ToEngine, timeoutMs: number): Promise<unknown> {
    if (!this.child) return Promise.reject(new Error(`${this.name} is not running`));
    const reqId = this.nextReq++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(reqId);
        reject(new Error(`${this.name}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(reqId, { resolve, reject, timer });
      this.post(build(reqId));
    });
  }

  private onReply(message: FromEngine): void {
    if (message.type !== 'reply' && message.type !== 'status') return;
    const pending = this.pending.get(message.reqId);
    if (!pending) return;
    this.pending.delete(message.reqId);
    clearTimeout(pending.timer);
    pending.resolve(message.type === 'reply' ? message.outcome : message.status);
  }

  private post(message: ToEngine): void {
    const child = this.child;
    if (!child?.connected) return;
    // A child that dies between the check and the write makes send() fail asynchronously; the exit handler
    // rejects whatever was waiting.
    child.send(message, (error) => {
      if (error) return;
    });
  }

  private failPending(reason: string): void {
    for (const [reqId, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(reason));
      this.pending.delete(reqId);
    }
  }
}
