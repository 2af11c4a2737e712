import { AppErrorCode, type Outcome } from '../../shared/contract/errors';
import { CLOSE_REFUSED, type PageFrame, type ShellFrame } from '../../shared/contract/web-bridge';

type Call = (name: string, input: unknown) => Promise<unknown>;

export interface ShellLinkOptions {
  url: string;
  token: string;
  onEvent: (name: string, payload: unknown) => void;
  onDown: () => void;
  onReconnected: (call: Call) => void;
}

export interface ShellLink {
  call(name: string, input: unknown): Promise<Outcome<unknown>>;
  /** Stops for good, failing every call with the given reason (bad token, shell refused us). */
  refuse(reason: string): void;
  dispose(): void;
}

const failure = (message: string): Outcome<unknown> => ({ ok: false, error: { code: AppErrorCode.Internal, message } });

/**
 * One WebSocket to the shell with a token handshake, call correlation, a queue for calls made before the socket is
 * open, and reconnection with capped backoff if the socket drops.
 */
export function createShellLink(options: ShellLinkOptions): ShellLink {
  let socket: WebSocket | null = null;
  let ready = false;
  let refusedReason: string | null = null;
  let everReady = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  const waiting = new Map<number, (outcome: Outcome<unknown>) => void>();
  const queue: PageFrame[] = [];

  /** The hello has gone out on the current socket: calls may follow it at once. */
  let greeted = false;

  // The shell reads a socket's frames in order and authenticates on the hello, so calls need not wait for its
  // "ready": sending them right behind the hello saves the page one round trip at start.
  const send = (frame: PageFrame): void => {
    if (greeted && socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    else queue.push(frame);
  };

  const failAll = (message: string): void => {
    for (const resolve of waiting.values()) resolve(failure(message));
    waiting.clear();
    queue.length = 0;
  };

  const onFrame = (frame: ShellFrame): void => {
    if (frame.type === 'ready') {
      ready = true;
      attempt = 0;
      for (const queued of queue.splice(0)) socket?.send(JSON.stringify(queued));
      if (everReady) options.onReconnected((name, input) => link.call(name, input).then(unwrap));
      everReady = true;
    } else if (frame.type === 'result') {
      const resolve = waiting.get(frame.id);
      waiting.delete(frame.id);
      resolve?.(frame.outcome);
    } else if (frame.type === 'event') {
      options.onEvent(frame.name, frame.payload);
    }
  };

  const connect = (): void => {
    if (refusedReason !== null) return;
    const ws = new WebSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello', token: options.token } satisfies PageFrame));
      greeted = true;
      for (const queued of queue.splice(0)) ws.send(JSON.stringify(queued));
    };
    ws.onmessage = (message) => {
      if (typeof message.data === 'string') onFrame(JSON.parse(message.data) as ShellFrame);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      const wasReady = ready;
      ready = false;
      greeted = false;
      socket = null;
      // Calls in flight may or may not have run: their callers must not assume either, so they fail.
      for (const resolve of waiting.values()) resolve(failure('the local connection to the shell was lost'));
      waiting.clear();
      if (event.code === CLOSE_REFUSED) return link.refuse('the shell refused this page (wrong token or origin)');
      if (wasReady) options.onDown();
      attempt += 1;
      retryTimer = setTimeout(connect, Math.min(5_000, 200 * 2 ** Math.min(attempt, 5)));
    };
  };

  const link: ShellLink = {
    call(name, input) {
      if (refusedReason !== null) return Promise.resolve(failure(refusedReason));
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        send({ type: 'call', id, name, input });
      });
    },
    refuse(reason) {
      refusedReason = reason;
      failAll(reason);
      options.onDown();
      link.dispose();
    },
    dispose() {
      clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      ws?.close();
    },
  };
  connect();
  return link;
}

function unwrap(outcome: Outcome<unknown>): unknown {
  if (outcome.ok) return outcome.value;
  throw new Error(outcome.error.message);
}
