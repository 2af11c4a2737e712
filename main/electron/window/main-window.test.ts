import { describe, expect, it } from 'vitest';
import { FakeBrowserWindow } from '../testing/fake-electron';
import { mainWindowOptions, revealWindow } from './main-window';

describe('mainWindowOptions', () => {
  it('isolates and sandboxes the page, without Node, webviews or a webSecurity exception, with spellcheck', () => {
    const options = mainWindowOptions({ width: 900, height: 700, maximized: false }, '/app/out/preload/index.cjs', undefined, false);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: true,
      devTools: false,
    });
    expect(options.webPreferences).not.toHaveProperty('webSecurity');
    expect(options.webPreferences).not.toHaveProperty('allowRunningInsecureContent');
    expect(options.show).toBe(false);
    expect(options).not.toHaveProperty('x');
  });

  it('places the window where it was', () => {
    expect(mainWindowOptions({ x: 10, y: 20, width: 900, height: 700, maximized: false }, 'p', 'icon.png', true)).toMatchObject({
      x: 10,
      y: 20,
      width: 900,
      height: 700,
      icon: 'icon.png',
    });
  });
});

describe('revealWindow', () => {
  it('restores a minimized hidden window and focuses it', () => {
    const window = new FakeBrowserWindow();
    window.minimize();
    revealWindow(window as never);
    expect(window).toMatchObject({ visible: true, minimized: false, focused: true });
  });
});
