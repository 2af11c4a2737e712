import type { Outcome } from './errors';

/**
 * Frames of the local bridge between a page and the web shell (`preload/web` ↔ `main/web`). Plain JSON; the shell
 * validates every call's input with the contract's schemas, so these types only describe the envelope.
 */
export type PageFrame = { type: 'hello'; token: string } | { type: 'call'; id: number; name: string; input: unknown };

export type ShellFrame =
  | { type: 'ready' }
  | { type: 'result'; id: number; outcome: Outcome<unknown> }
  | { type: 'event'; name: string; payload: unknown };

export const BRIDGE_PATH = '/bridge';
/** Close code the shell uses for a wrong token or origin: the page stops retrying. */
export const CLOSE_REFUSED = 4401;
