import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeWebContents } from '../testing/fake-electron';
import { APP_ENTRY_URL, createAppProtocolHandler, isAppUrl, resolveAppFile } from './app-protocol';
import { CONTENT_SECURITY_POLICY, enforceContentSecurityPolicy } from './csp';
import { guardNavigation, isExternalLinkAllowed, isPermissionAllowed, restrictPermissions } from './navigation';

describe('the app:// protocol', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'parley-renderer-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Parley</title>');
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(root, '..', 'secret.txt'), 'do not serve');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(join(root, '..', 'secret.txt'), { force: true });
  });

  it('serves the app files with their type and the CSP', async () => {
    const handle = createAppProtocolHandler(root);
    const page = await handle(new Request(APP_ENTRY_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>Parley</title>');
    const script = await handle(new Request('app://parley/assets/app.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handle(new Request('app://parley/'))).status).toBe(200);
  });

  it('serves nothing outside the renderer folder, from another host, or of an unknown type', async () => {
    const handle = createAppProtocolHandler(root);
    for (const url of ['app://parley/../secret.txt', 'app://parley/%2e%2e/secret.txt', 'app://parley/..%2fsecret.txt', 'app://other/index.html', 'app://parley/missing.js', 'app://parley/assets/', 'app://parley/index.html%00.js']) {
      expect((await handle(new Request(url))).status, url).toBe(404);
    }
    expect(resolveAppFile(root, 'app://parley/%E0%A4%A')).toBeNull();
    expect((await handle(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('recognises only app://parley as the app', () => {
    expect(isAppUrl('app://parley/index.html')).toBe(true);
    expect(isAppUrl('app://parley')).toBe(true);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('https://parley/')).toBe(false);
    expect(isAppUrl('nonsense')).toBe(false);
  });
});

describe('Content-Security-Policy', () => {
  it('denies by default and allows scripts and styles only from the app', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('is stamped on every response, replacing one the response brought', () => {
    let listener: Parameters<Parameters<typeof enforceContentSecurityPolicy>[0]['onHeadersReceived']>[0] | null = null;
    enforceContentSecurityPolicy({ onHeadersReceived: (l) => (listener = l) });
    const callback = vi.fn();
    listener!({ responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});

describe('navigation guard', () => {
  it('allows only https and mailto links outside the app', () => {
    expect(isExternalLinkAllowed('https://example.com/a?b')).toBe(true);
    expect(isExternalLinkAllowed('mailto:bob@example.com')).toBe(true);
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://parley/x', 'mailto:', 'https://', 'ms-msdt:/id']) {
      expect(isExternalLinkAllowed(url), url).toBe(false);
    }
  });

  it('denies every navigation and new window, handing allowed links to the OS', async () => {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    guardNavigation(contents, async (url) => void opened.push(url));
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', 'app://parley/index.html')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/doc' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'mailto:a@b.example' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://evil.example/', 'https://example.com/doc', 'mailto:a@b.example']);
    const webview = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('grants notifications to the app only and refuses every other permission', () => {
    expect(isPermissionAllowed('notifications', 'app://parley/index.html')).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://evil.example')).toBe(false);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(isPermissionAllowed(permission, 'app://parley/index.html')).toBe(false);
    }
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void, d: { requestingUrl?: string }) => void) | null = null;
    let check: ((c: unknown, p: string, origin: string) => boolean) | null = null;
    restrictPermissions({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) });
    const granted: boolean[] = [];
    request!(null, 'media', (g) => granted.push(g), { requestingUrl: 'app://parley/index.html' });
    request!(null, 'notifications', (g) => granted.push(g), { requestingUrl: 'app://parley/index.html' });
    expect(granted).toEqual([false, true]);
    expect(check!(null, 'geolocation', 'app://parley')).toBe(false);
    expect(check!(null, 'notifications', 'app://parley')).toBe(true);
  });
});
