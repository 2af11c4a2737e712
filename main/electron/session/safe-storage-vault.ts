import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StoredSession, type SessionVault } from '../../core/session';

type SecureStorage = SessionVault['secureStorage'];

/** The safeStorage calls the vault uses (available once the app is ready). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

export const SAFE_SESSION_FILE = 'session.safe.json';

const SavedFile = z.object({
  version: z.literal(1),
  server: z.string(),
  userId: z.string(),
  username: z.string(),
  /** The token encrypted by safeStorage, base64. */
  token: z.string().min(1).max(4096),
});

/**
 * How safeStorage would protect a token here: the OS keychain ('encrypted'); on Linux without a keyring Chromium
 * falls back to `basic_text`, a fixed key that only obfuscates ('plaintext'); or no encryption at all
 * ('unavailable').
 */
export function secureStorageOf(storage: SafeStorageLike, platform: string): SecureStorage {
  if (!storage.isEncryptionAvailable()) return 'unavailable';
  if (platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text') return 'plaintext';
  return 'encrypted';
}

/**
 * The desktop SessionVault: the token is encrypted with safeStorage and written to a file only the user can read;
 * it never leaves the main process. Where encryption is unavailable, a session is kept in memory only, so "stay
 * signed in" lasts until the app quits and nothing readable is left on disk.
 */
export class SafeStorageVault implements SessionVault {
  readonly secureStorage: SecureStorage;
  private readonly file: string;
  private readonly dir: string;
  private inMemory: StoredSession | null = null;

  constructor(
    private readonly storage: SafeStorageLike,
    dir: string,
    platform: string,
  ) {
    this.secureStorage = secureStorageOf(storage, platform);
    this.file = join(dir, SAFE_SESSION_FILE);
    this.dir = dir;
  }

  async load(): Promise<StoredSession | null> {
    if (this.secureStorage === 'unavailable') return this.inMemory;
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      return null;
    }
    const saved = SavedFile.safeParse(raw);
    if (!saved.success) return null;
    let token: string;
    try {
      token = this.storage.decryptString(Buffer.from(saved.data.token, 'base64'));
    } catch {
      // Encrypted under another OS user or keyring: the session cannot be used, so sign in again.
      return null;
    }
    const session = StoredSession.safeParse({ ...saved.data, token });
    return session.success ? session.data : null;
  }

  async save(session: StoredSession): Promise<void> {
    const valid = StoredSession.parse(session);
    if (this.secureStorage === 'unavailable') {
      this.inMemory = valid;
      await rm(this.file, { force: true });
      return;
    }
    const content: z.infer<typeof SavedFile> = {
      version: 1,
      server: valid.server,
      userId: valid.userId,
      username: valid.username,
      token: this.storage.encryptString(valid.token).toString('base64'),
    };
    await mkdir(this.dir, { recursive: true });
    const temp = `${this.file}.tmp`;
    await writeFile(temp, JSON.stringify(content), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, this.file);
  }

  async clear(): Promise<void> {
    this.inMemory = null;
    await rm(this.file, { force: true });
  }
}
