import type { Outcome } from '../../shared/contract/errors';

/** The envelope of the local bridge (mirrors `preload/web/protocol.ts`, which this layer may not import). */
export type PageFrame = { type: 'hello'; token: string } | { type: 'call'; id: number; name: string; input: unknown };
export type ShellFrame =
  | { type: 'ready' }
  | { type: 'result'; id: number; outcome: Outcome<unknown> }
  | { type: 'event'; name: string; payload: unknown };

export const BRIDGE_PATH = '/bridge';
export const CLOSE_REFUSED = 4401;

export function parsePageFrame(data: string): PageFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const frame = value as Record<string, unknown>;
  if (frame.type === 'hello' && typeof frame.token === 'string') return { type: 'hello', token: frame.token };
  if (frame.type === 'call' && Number.isSafeInteger(frame.id) && typeof frame.name === 'string') {
    return { type: 'call', id: frame.id as number, name: frame.name, input: frame.input };
  }
  return null;
}
