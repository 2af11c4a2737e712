import WebSocket from 'ws';
import { CloseCode } from '../../../shared/protocol';

/** Closes with the normal handshake, but never lets a peer that does not answer keep the process alive. */
export function closeGracefully(ws: WebSocket): void {
  if (ws.readyState === WebSocket.CONNECTING) {
    ws.terminate();
    return;
  }
  ws.close(CloseCode.Normal, 'client closing');
  setTimeout(() => ws.terminate(), 1_000).unref();
}

/** A close, in words for the connection state's reason. */
export function describeClose(code: number, why: string | null): string {
  if (code === 1006) return why ? `connection failed: ${why}` : 'connection lost';
  return why ? `server closed the connection (${code}: ${why})` : `server closed the connection (${code})`;
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
