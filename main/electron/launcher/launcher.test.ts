import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locateElectronBinary, missingElectronMessage } from './electron-binary';
import { launch, type LaunchedApp } from './launcher';
import { userDataDir } from './user-data';

const root = resolve(import.meta.dirname, '../../..');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-launch-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('locateElectronBinary', () => {
  it('reports a missing path.txt, a missing binary, and finds an installed one', async () => {
    expect(locateElectronBinary(dir, {})).toEqual({ found: false, reason: `${join(dir, 'path.txt')} is missing` });
    await writeFile(join(dir, 'path.txt'), 'electron');
    expect(locateElectronBinary(dir, {})).toEqual({ found: false, reason: `${join(dir, 'dist', 'electron')} is missing` });
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'electron'), '');
    expect(locateElectronBinary(dir, {})).toEqual({ found: true, path: join(dir, 'dist', 'electron') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package', async () => {
    await writeFile(join(dir, 'electron'), '');
    expect(locateElectronBinary(join(dir, 'none'), { ELECTRON_OVERRIDE_DIST_PATH: dir })).toEqual({ found: true, path: join(dir, 'electron') });
  });

  it('tells in one sentence what is missing and how to fix it', () => {
    const message = missingElectronMessage('node_modules/electron/path.txt is missing');
    expect(message).not.toContain('\n');
    expect(message.match(/[.;] [A-Z]/g)).toBeNull();
    expect(message).toMatch(/\.$/);
    expect(message).toContain('npm ci');
    expect(message).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(message).toContain('node_modules/electron/path.txt is missing');
  });
});

describe('userDataDir', () => {
  it('matches where Electron keeps the data of "Parley"', () => {
    expect(userDataDir('linux', {}, '/home/a')).toBe('/home/a/.config/Parley');
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/a')).toBe('/x/Parley');
    expect(userDataDir('darwin', {}, '/Users/a')).toBe('/Users/a/Library/Application Support/Parley');
    expect(userDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a')).toContain('Parley');
    expect(userDataDir('linux', { PARLEY_USER_DATA: '/tmp/p' }, '/home/a')).toBe('/tmp/p');
  });
});

describe('launch without the Electron binary (what runs on machines that cannot download it)', () => {
  it('says so once, starts a local server and the web shell, and stops both', async () => {
    const printed: string[] = [];
    let launched: LaunchedApp | null = null;
    let page: { status: number; body: string } | null = null;
    const code = await launch({
      root,
      env: { ...process.env, PARLEY_SKIP_BUILD: '1', PARLEY_USER_DATA: join(dir, 'data'), PARLEY_SERVER_PORT: '0', PARLEY_WEB_PORT: '0', PARLEY_SERVER: '' },
      platform: process.platform,
      home: dir,
      electronPackageDir: join(dir, 'no-electron'),
      print: (line) => printed.push(line),
      started: (app) => {
        launched = app;
        void fetch(app.url!)
          .then(async (response) => (page = { status: response.status, body: await response.text() }))
          .finally(() => app.stop());
      },
    });
    expect(launched).toMatchObject({ kind: 'web', server: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+/), url: expect.stringMatching(/^http:\/\//) });
    expect(printed.filter((line) => line.includes("Electron's binary is not installed"))).toHaveLength(1);
    expect(printed.some((line) => line.startsWith('parley server listening on ws://'))).toBe(true);
    expect(page).not.toBeNull();
    expect(page!.status).toBeLessThan(500);
    expect(typeof code).toBe('number');
  }, 60_000);
});
