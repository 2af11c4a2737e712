import type { ConnectionTimings } from '../../main/core/connection/timings';
import type { Outcome } from '../../shared/contract/errors';

/** What the parent tells an engine child process (over the Node IPC channel). */
export type ToEngine =
  | {
      type: 'start';
      profileDir: string;
      /** Append-only, fsync'd record of every send: written by the child, read by the checker. */
      journalPath: string;
      /** Sign in with these on first start; later starts resume the session from the profile's vault. */
      signIn: { server: string; username: string; password: string; register: boolean } | null;
      timings: Partial<ConnectionTimings>;
    }
  /** One scheduled send by the user. */
  | { type: 'send'; reqId: number; convId: string; text: string }
  /** Any contract call, through the real IPC entry point `dispatchCommand`. */
  | { type: 'call'; reqId: number; name: string; input: unknown }
  | { type: 'status'; reqId: number }
  /** Dispose the Messenger and exit cleanly. */
  | { type: 'stop' };

export interface EngineStatus {
  connection: string;
  /** The user's own messages not yet acknowledged by the server (what the outbox still has to send). */
  outbox: number;
  /** Messages in each conversation's store, system lines excluded. */
  counts: Record<string, number>;
}

export type FromEngine =
  | { type: 'ready'; userId: string }
  | { type: 'reply'; reqId: number; outcome: Outcome<unknown> }
  | { type: 'status'; reqId: number; status: EngineStatus }
  | { type: 'fatal'; message: string };

/** One line of the send journal. `intent` is written before `sendMessage` is called, `sent` after it returned. */
export type JournalLine = { t: 'intent'; convId: string; text: string } | { t: 'sent'; text: string; id: string };
