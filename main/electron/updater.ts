export interface UpdaterLike {
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdatesAndNotify(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface AutoUpdateOptions {
  isPackaged: boolean;
  env: Record<string, string | undefined>;
  updater: UpdaterLike;
  warn(message: string, detail?: unknown): void;
  intervalMs?: number;
}

const SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * Checks the update feed at start and every six hours, in packaged builds only (a development run or a test
 * never reaches the network). The feed is the generic URL built into the package (electron-builder's `publish`),
 * or `PARLEY_UPDATE_URL` at run time; `PARLEY_UPDATES=off` disables checks. Returns the stop function, or null
 * when updates are off.
 */
export function startAutoUpdates(options: AutoUpdateOptions): (() => void) | null {
  if (!options.isPackaged || options.env.PARLEY_UPDATES === 'off') return null;
  const feed = options.env.PARLEY_UPDATE_URL;
  if (feed) {
    if (!/^https:\/\/\S+$/.test(feed)) {
      options.warn('PARLEY_UPDATE_URL must be an https:// address; update checks are off');
      return null;
    }
    options.updater.setFeedURL({ provider: 'generic', url: feed });
  }
  options.updater.on('error', (error) => options.warn('update check failed', error.message));
  const check = () => void options.updater.checkForUpdatesAndNotify().catch((error: unknown) => options.warn('update check failed', String(error)));
  check();
  const timer = setInterval(check, options.intervalMs ?? SIX_HOURS);
  return () => clearInterval(timer);
}
