import { PROTOCOL_VERSION, type ErrorCode, type ServerFrame } from '../../shared/protocol';

/** Encoders of server frames. Results are JSON.stringify'd; events are joined from their prebuilt JSON. */

export const helloFrame = (authTimeoutMs: number): string =>
  JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, serverTime: Date.now(), authTimeoutMs } satisfies ServerFrame);

export const resultFrame = (id: number, result: unknown): string => JSON.stringify({ type: 'result', id, result });

/** A result whose JSON was assembled by hand (sync pages: events are never parsed and re-serialized). */
export const rawResultFrame = (id: number, resultJson: string): string => `{"type":"result","id":${id},"result":${resultJson}}`;

export const errorFrame = (id: number | undefined, code: ErrorCode, message: string, retryAfterMs?: number): string =>
  JSON.stringify({
    type: 'error',
    ...(id !== undefined ? { id } : {}),
    code,
    message,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  } satisfies ServerFrame);

export const eventsFrame = (eventJsons: readonly string[]): string => `{"type":"events","events":[${eventJsons.join(',')}]}`;
