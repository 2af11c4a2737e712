/** Every interval of the connection, configurable so that tests can run them in milliseconds. */
export interface ConnectionTimings {
  backoffBaseMs: number;
  backoffCapMs: number;
  /** The backoff counter resets only after a connection stayed authenticated this long. */
  stableAfterMs: number;
  pingIntervalMs: number;
  /** No frame at all from the server for this long means the connection is half-open. */
  watchdogMs: number;
  /** Default time limit of a call. */
  callTimeoutMs: number;
  /** Limit for the WebSocket handshake and for authentication after it. */
  connectTimeoutMs: number;
}

export const defaultTimings: ConnectionTimings = {
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  stableAfterMs: 10_000,
  pingIntervalMs: 15_000,
  watchdogMs: 45_000,
  callTimeoutMs: 15_000,
  connectTimeoutMs: 10_000,
};

export function resolveTimings(overrides: Partial<ConnectionTimings> = {}): ConnectionTimings {
  const timings = { ...defaultTimings };
  for (const [key, value] of Object.entries(overrides) as [keyof ConnectionTimings, number | undefined][]) {
    if (value !== undefined) timings[key] = value;
  }
  return timings;
}
