import { randomUUID } from 'node:crypto';
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { silentLogger } from '../logger';
import { StoredSession, type SessionVault } from './vault';

export const SESSION_FILE = 'session.json';

/**
 * Keeps the session in `profileDir/session.json`, readable by the user only (mode 0600). Not encrypted:
 * for the web shell and tests, where no OS keychain is at hand.
 */
export class FileSessionVault implements SessionVault {
  readonly secureStorage = 'plaintext' as const;
  private readonly file: string;

  constructor(
    profileDir: string,
    private readonly logger: Logger = silentLogger,
  ) {
    this.file = path.join(profileDir, SESSION_FILE);
  }

  async load(): Promise<StoredSession | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn({ error: String(error) }, 'cannot read the session file');
      return null;
    }
    try {
      const parsed = StoredSession.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: not JSON
    }
    this.logger.warn('ignoring an unreadable session file');
    return null;
  }

  async save(session: StoredSession): Promise<void> {
    const valid = StoredSession.parse(session);
    // Write a private temporary file and rename it, so that a crash never leaves a torn or world-readable file.
    const temporary = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(valid), { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.file);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

/** Keeps the session only in memory: for profiles where the user chose not to stay signed in. */
export class MemorySessionVault implements SessionVault {
  private session: StoredSession | null = null;

  constructor(readonly secureStorage: SessionVault['secureStorage'] = 'unavailable') {}

  async load(): Promise<StoredSession | null> {
    return this.session;
  }

  async save(session: StoredSession): Promise<void> {
    this.session = StoredSession.parse(session);
  }

  async clear(): Promise<void> {
    this.session = null;
  }
}
