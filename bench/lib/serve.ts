import { collectHere } from './collect';

type Handler = (params: never) => unknown;

/**
 * The child side of `Child`: answers each request with its handler's result. A handler that throws answers
 * with the error message; the process exits when its parent goes away, so no load generator is left behind.
 */
export function serve(handlers: Record<string, Handler>, onExit: () => void | Promise<void> = () => {}): void {
  if (!process.send) throw new Error('bench procs run only as children of bench/run.ts');
  const send = process.send.bind(process);
  const all: Record<string, Handler> = {
    ready: () => true,
    // A full collection now, so that none falls due inside the figure that follows (children run with --expose-gc).
    collect: () => {
      collectHere();
      return true;
    },
    ...handlers,
  };
  process.on('message', (message: { id: number; cmd: string; params: unknown }) => {
    const handler = all[message.cmd];
    void (async () => {
      try {
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        const value = await (handler as (params: unknown) => unknown)(message.params);
        send({ id: message.id, ok: true, value });
      } catch (error) {
        send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    })();
  });
  const exit = (): void => {
    void (async () => {
      try {
        await onExit();
      } finally {
        process.exit(0);
      }
    })();
  };
  process.on('disconnect', exit);
  process.on('SIGTERM', exit);
}

/** Memory of this process after a full collection (needs --expose-gc). */
export function memoryAfterGc(): { rss: number; heapUsed: number; external: number; arrayBuffers: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
}
