import { findDeepLink, parseDeepLink, type DeepLink } from './deep-link';

export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
}

export interface DeepLinkRouter {
  /** Bring the existing window to the front. */
  focus(): void;
  open(link: DeepLink): void;
}

/**
 * Makes this the only running Parley. Returns false when another instance holds the lock: that instance receives
 * our arguments (and any `parley://` link in them) through 'second-instance', and this one must quit. macOS
 * delivers links through 'open-url' instead, also before the app is ready.
 */
export function claimSingleInstance(app: SingleInstanceApp, router: DeepLinkRouter): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv) => {
    router.focus();
    const link = findDeepLink(argv);
    if (link) router.open(link);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    router.focus();
    const link = parseDeepLink(url);
    if (link) router.open(link);
  });
  return true;
}

/**
 * Holds links that arrive before the window and the engine are ready, and delivers them once they are.
 */
export class PendingLinks implements DeepLinkRouter {
  private target: DeepLinkRouter | null = null;
  private waiting: DeepLink | null = null;
  private focusWanted = false;

  focus(): void {
    if (this.target) this.target.focus();
    else this.focusWanted = true;
  }

  open(link: DeepLink): void {
    if (this.target) this.target.open(link);
    else this.waiting = link;
  }

  ready(target: DeepLinkRouter): void {
    this.target = target;
    if (this.focusWanted) target.focus();
    if (this.waiting) target.open(this.waiting);
    this.waiting = null;
    this.focusWanted = false;
  }
}
