import { pino, type Logger } from 'pino';

export type { Logger };

/** The engine's logger: JSON lines on stderr; silent under vitest unless PARLEY_LOG_LEVEL asks otherwise. */
export function createLogger(options: { name?: string; level?: string } = {}): Logger {
  const level = options.level ?? process.env.PARLEY_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({ name: options.name ?? 'parley', level }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
