import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const scanner = join(import.meta.dirname, 'scan.mjs');

interface Finding {
  id: string;
  file: string;
  line: number | null;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  confidence: string;
  description: string;
  sample: string | null;
}
interface ScanResult {
  globalChecks: number;
  atomicChecks: number;
  findings: Finding[];
  errors: { file: string; message: string; tolerable: boolean }[];
}

const atLeastMedium = (finding: Finding) => ['MEDIUM', 'HIGH', 'CRITICAL'].includes(finding.severity);

async function scan(input: string): Promise<ScanResult> {
  const electronVersion = JSON.parse(await readFile(join(root, 'node_modules/electron/package.json'), 'utf8')).version as string;
  const { stdout } = await promisify(execFile)(process.execPath, [scanner, input, electronVersion], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ScanResult;
}

/** The code that runs inside Electron: the shell and the preload (tests and the Node-only launcher left out). */
async function collectSources(dir: string, into: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(join(root, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const path = relative(root, join(entry.parentPath, entry.name));
    if (/[/\\](testing|launcher)[/\\]/.test(path) || path.endsWith('launch.ts')) continue;
    await mkdir(dirname(join(into, path)), { recursive: true });
    await cp(join(root, path), join(into, path));
    count += 1;
  }
  return count;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'parley-electronegativity-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('electronegativity', () => {
  it('finds nothing of medium severity or more in the Electron shell, its preload and the page', async () => {
    const app = join(work, 'app');
    expect(await collectSources('main/electron', app)).toBeGreaterThan(10);
    expect(await collectSources('preload/electron', app)).toBeGreaterThan(0);
    // The page itself (its HTML; the bundled scripts are the renderer's and third-party code, not Electron setup).
    const html = existsSync(join(root, 'out/renderer/index.html')) ? join(root, 'out/renderer/index.html') : join(root, 'renderer/index.html');
    await cp(html, join(app, 'renderer/index.html'));

    const result = await scan(app);
    expect(result.globalChecks).toBeGreaterThan(0);
    expect(result.atomicChecks).toBeGreaterThan(20);
    expect(result.errors.filter((error) => !error.tolerable)).toEqual([]);
    const serious = result.findings.filter(atLeastMedium).map((f) => `${f.id} (${f.severity}) ${f.file}:${f.line} ${f.description}`);
    expect(serious).toEqual([]);
  }, 120_000);

  it('does report an insecure window, so the check above can fail', async () => {
    const bad = join(work, 'bad');
    await mkdir(bad, { recursive: true });
    await writeFile(
      join(bad, 'main.js'),
      [
        "const { app, BrowserWindow } = require('electron');",
        'app.whenReady().then(() => {',
        "  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });",
        "  win.loadURL('http://example.com/');",
        '});',
      ].join('\n'),
    );
    const result = await scan(bad);
    const serious = result.findings.filter(atLeastMedium).map((finding) => finding.id);
    expect(serious).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'HTTP_RESOURCES_WITH_NODE_INTEGRATION_GLOBAL_CHECK']),
    );
    expect(result.findings.map((finding) => finding.id)).toContain('NODE_INTEGRATION_JS_CHECK');
  }, 120_000);
});
