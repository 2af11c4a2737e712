import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Encodes one unmasked WebSocket text frame (server → client), once, so a broadcast can write the same bytes to every socket. */
export function encodeTextFrame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  let header: Buffer;
  if (body.length < 126) header = Buffer.from([0x81, body.length]);
  else if (body.length < 65_536) {
    header = Buffer.alloc(4);
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(body.length, 2);
  } else throw new Error('bench frames stay under 64 KiB');
  return Buffer.concat([header, body]);
}

/**
 * The TCP socket under a `ws` connection. `_socket` is internal to ws 8 but it is the only way to write a
 * pre-encoded frame, which is exactly the raw limit the fan-out baseline is meant to measure.
 */
export const tcpSocketOf = (ws: WebSocket): Socket => (ws as unknown as { _socket: Socket })._socket;
