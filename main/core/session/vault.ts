import { z } from 'zod';
import { type SecureStorage } from '../../../shared/domain';
import { Token, UserId, Username } from '../../../shared/protocol';

/** What a remembered sign-in consists of. The token never leaves the main process. */
export const StoredSession = z.object({
  server: z.string().min(1).max(512),
  token: Token,
  userId: UserId,
  username: Username,
});
export type StoredSession = z.infer<typeof StoredSession>;

/**
 * Where a remembered session lives between runs: the Electron shell backs it with the OS keychain
 * (safeStorage), the web shell and tests with a file.
 */
export interface SessionVault {
  /** How a saved token is protected; shown to the user before they choose "stay signed in". */
  readonly secureStorage: z.infer<typeof SecureStorage>;
  /** The saved session, or null when there is none or it cannot be read. */
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}
