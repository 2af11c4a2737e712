import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSessionVault, SESSION_FILE } from '.';

const session = { server: 'ws://127.0.0.1:4000', token: 't'.repeat(43), userId: 'u1', username: 'alice' };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parley-vault-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileSessionVault', () => {
  it('saves, loads and clears a session in a file only the user can read', async () => {
    const vault = new FileSessionVault(dir);
    expect(vault.secureStorage).toBe('plaintext');
    expect(await vault.load()).toBeNull();
    await vault.save(session);
    expect(await vault.load()).toEqual(session);
    if (process.platform !== 'win32') expect((await stat(path.join(dir, SESSION_FILE))).mode & 0o777).toBe(0o600);
    await vault.clear();
    expect(await vault.load()).toBeNull();
    await vault.clear();
  });

  it('treats a tampered or corrupt file as no session', async () => {
    const vault = new FileSessionVault(dir);
    await writeFile(path.join(dir, SESSION_FILE), '{"server":');
    expect(await vault.load()).toBeNull();
    await writeFile(path.join(dir, SESSION_FILE), JSON.stringify({ ...session, token: 'short' }));
    expect(await vault.load()).toBeNull();
  });

  it('refuses to save an invalid session', async () => {
    const vault = new FileSessionVault(dir);
    await expect(vault.save({ ...session, token: '' })).rejects.toThrow();
    await expect(readFile(path.join(dir, SESSION_FILE))).rejects.toThrow();
  });
});
