/**
 * The renderer's Content-Security-Policy: nothing is allowed unless listed, scripts and styles only from the app
 * itself (no inline script, no eval), no plugins, no framing, no form posts. The renderer talks to the engine only
 * through `window.parley`, so it needs no network access of its own.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

type Headers = Record<string, string[]>;

/** Minimal view of `session.webRequest` used to stamp the policy on every response the session receives. */
export interface HeaderHook {
  onHeadersReceived(
    listener: (details: { responseHeaders?: Headers }, callback: (response: { responseHeaders?: Headers }) => void) => void,
  ): void;
}

/** Adds the policy to every response, replacing any policy a response brought with it. */
export function enforceContentSecurityPolicy(webRequest: HeaderHook): void {
  webRequest.onHeadersReceived((details, callback) => {
    const headers: Headers = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}
