import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSafeStorage } from '../testing/fake-electron';
import { SAFE_SESSION_FILE, SafeStorageVault } from './safe-storage-vault';

const session = { server: 'ws://127.0.0.1:8787', token: 'T'.repeat(43), userId: 'u1', username: 'alice' };
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-safe-vault-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SafeStorageVault', () => {
  it('stores the token encrypted, in a file only the user can read', async () => {
    const vault = new SafeStorageVault(new FakeSafeStorage(true, 'gnome_libsecret'), dir, 'linux');
    expect(vault.secureStorage).toBe('encrypted');
    await vault.save(session);
    const onDisk = await readFile(join(dir, SAFE_SESSION_FILE), 'utf8');
    expect(onDisk).not.toContain(session.token);
    expect(JSON.parse(onDisk)).toMatchObject({ server: session.server, username: 'alice' });
    if (process.platform !== 'win32') expect((await stat(join(dir, SAFE_SESSION_FILE))).mode & 0o777).toBe(0o600);
    expect(await new SafeStorageVault(new FakeSafeStorage(), dir, 'linux').load()).toEqual(session);
    await vault.clear();
    expect(await vault.load()).toBeNull();
  });

  it('reports basic_text on Linux as plaintext, and still never writes the raw token', async () => {
    const vault = new SafeStorageVault(new FakeSafeStorage(true, 'basic_text'), dir, 'linux');
    expect(vault.secureStorage).toBe('plaintext');
    await vault.save(session);
    expect(await readFile(join(dir, SAFE_SESSION_FILE), 'utf8')).not.toContain(session.token);
    expect(await vault.load()).toEqual(session);
  });

  it('uses the keychain on macOS and Windows whatever the Linux backend says', () => {
    expect(new SafeStorageVault(new FakeSafeStorage(true, 'basic_text'), dir, 'darwin').secureStorage).toBe('encrypted');
    expect(new SafeStorageVault(new FakeSafeStorage(true, 'unknown'), dir, 'win32').secureStorage).toBe('encrypted');
  });

  it('keeps the session in memory only when encryption is unavailable', async () => {
    await writeFile(join(dir, SAFE_SESSION_FILE), '{"stale":true}');
    const vault = new SafeStorageVault(new FakeSafeStorage(false, 'unknown'), dir, 'linux');
    expect(vault.secureStorage).toBe('unavailable');
    await vault.save(session);
    expect(await vault.load()).toEqual(session);
    await expect(stat(join(dir, SAFE_SESSION_FILE))).rejects.toThrow();
    expect(await new SafeStorageVault(new FakeSafeStorage(false, 'unknown'), dir, 'linux').load()).toBeNull();
    await vault.clear();
    expect(await vault.load()).toBeNull();
  });

  it('treats a corrupt file, a foreign ciphertext or an invalid session as no session', async () => {
    const vault = new SafeStorageVault(new FakeSafeStorage(), dir, 'linux');
    await writeFile(join(dir, SAFE_SESSION_FILE), 'nope');
    expect(await vault.load()).toBeNull();
    const foreign = { version: 1, server: 's', userId: 'u1', username: 'alice', token: Buffer.from('not ours').toString('base64') };
    await writeFile(join(dir, SAFE_SESSION_FILE), JSON.stringify(foreign));
    expect(await vault.load()).toBeNull();
    await expect(vault.save({ ...session, token: '' })).rejects.toThrow();
  });
});
