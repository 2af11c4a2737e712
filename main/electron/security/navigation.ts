import { isAppUrl } from './app-protocol';

/** Links the user clicks may leave the app only towards the web (https) or the mail client. */
export function isExternalLinkAllowed(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' && url.hostname !== '') || (url.protocol === 'mailto:' && url.pathname !== '');
  } catch {
    return false;
  }
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of `webContents` the navigation guard touches. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * The page may never navigate away from the app, open windows, or embed webviews. A link to an allowed external
 * target is handed to the OS instead (the browser or the mail client), never opened inside Electron.
 */
export function guardNavigation(contents: GuardedContents, openExternal: (url: string) => Promise<void>): void {
  const stayInApp = (event: PreventableEvent, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (!isAppUrl(url) && isExternalLinkAllowed(url)) void openExternal(url).catch(() => undefined);
  });
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
}

/** The parts of a session's permission API the policy sets. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean): void;
}

/** Only notifications, and only for the app's own pages; camera, location, clipboard reads... are all refused. */
export function isPermissionAllowed(permission: string, origin: string | undefined): boolean {
  return permission === 'notifications' && origin !== undefined && isAppUrl(origin);
}

export function restrictPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, origin) => isPermissionAllowed(permission, origin));
}
