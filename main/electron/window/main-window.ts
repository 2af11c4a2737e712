import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { InitialBounds } from './window-state';
import { MIN_SIZE } from './window-state';

/**
 * The only window's options. The page runs sandboxed, isolated from the preload, without Node, with web security
 * left on and no way to open devtools in production builds; spellcheck is on for the composer.
 */
export function mainWindowOptions(bounds: InitialBounds, preload: string, icon: string | undefined, dev: boolean): BrowserWindowConstructorOptions {
  return {
    ...(bounds.x === undefined || bounds.y === undefined ? {} : { x: bounds.x, y: bounds.y }),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Parley',
    backgroundColor: '#1f2430',
    ...(icon ? { icon } : {}),
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: true,
      devTools: dev,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}

/** Shows, restores and focuses the window (from the tray, a notification, a second launch or a deep link). */
export function revealWindow(window: Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
