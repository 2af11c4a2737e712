import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildWebApp } from './support/buildWebApp';
import { cleanup, startDevice } from './support/harness';
import type { WebShell } from '../../main/web/webShell';

/** The web shell's guard rails, checked from outside like a hostile local page or process would. */
describe('web shell', () => {
  let device: { shell: WebShell; profileDir: string };
  let origin: string;

  beforeAll(async () => {
    await buildWebApp();
    device = await startDevice('ws://127.0.0.1:9');
    origin = `http://127.0.0.1:${device.shell.port}`;
  });
  afterAll(async () => {
    await device?.shell.close();
    cleanup(device.profileDir);
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: device.shell.port, path, headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  const bridge = (headers: Record<string, string>) => new WebSocket(`ws://127.0.0.1:${device.shell.port}/bridge`, { headers });

  it('listens on 127.0.0.1 only and prints the token in the fragment', () => {
    expect(device.shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{20,}$/);
  });

  it('serves the app with a strict CSP and the bridge script before the app script', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const bridgeAt = page.body.indexOf('<script src="/parley-bridge.js">');
    const appAt = page.body.indexOf('<script type="module"');
    expect(bridgeAt).toBeGreaterThan(0);
    expect(bridgeAt).toBeLessThan(appAt);
    expect(page.body).not.toMatch(/<script>(?!<\/script>)/);
    expect((await get('/parley-bridge.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('serves a renderer bundle that asks V8 to compile all of it while it loads (explicit compile hints)', async () => {
    const page = await get('/');
    const src = /<script type="module"[^>]*src="([^"]+)"/.exec(page.body)?.[1];
    expect(src).toBeDefined();
    const script = await get(`/${src!.replace(/^\.?\//, '')}`);
    expect(script.status).toBe(200);
    expect(script.body.startsWith('//# allFunctionsCalledOnLoad\n')).toBe(true);
  });

  it('refuses paths outside the app and requests for other host names', async () => {
    expect((await get('/../../package.json')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(421);
  });

  it('refuses a socket from another origin, and one with a wrong token', async () => {
    const foreign = bridge({ origin: 'http://evil.example' });
    const refused = await new Promise<number>((resolve) => foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(refused).toBe(403);

    const wrong = bridge({ origin });
    await new Promise((resolve) => wrong.on('open', resolve));
    wrong.send(JSON.stringify({ type: 'hello', token: 'not-the-token' }));
    const code = await new Promise<number>((resolve) => wrong.on('close', (closeCode) => resolve(closeCode)));
    expect(code).toBe(4401);
  });

  it('answers calls through the contract once the token is right, errors included', async () => {
    const ws = bridge({ origin });
    await new Promise((resolve) => ws.on('open', resolve));
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    ws.send(JSON.stringify({ type: 'hello', token: device.shell.token }));
    ws.send(JSON.stringify({ type: 'call', id: 1, name: 'getSession', input: {} }));
    ws.send(JSON.stringify({ type: 'call', id: 2, name: 'pageMessages', input: { convId: 'x', limit: 5000 } }));
    ws.send(JSON.stringify({ type: 'call', id: 3, name: 'noSuchCall', input: {} }));
    await expect.poll(() => frames.length).toBe(4);
    expect(frames[0]).toEqual({ type: 'ready' });
    expect(frames).toContainEqual({ type: 'result', id: 1, outcome: { ok: true, value: expect.objectContaining({ signedIn: false, lastServer: 'ws://127.0.0.1:9' }) } });
    expect(frames).toContainEqual({ type: 'result', id: 2, outcome: { ok: false, error: expect.objectContaining({ code: 'invalid_input' }) } });
    expect(frames).toContainEqual({ type: 'result', id: 3, outcome: { ok: false, error: expect.objectContaining({ code: 'invalid_input' }) } });
    ws.close();
  });
});
