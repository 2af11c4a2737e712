import { describe, expect, it } from 'vitest';
import { applyStartAtLogin, startAtLoginSupported } from './login-item';
import { FakeApp } from './testing/fake-electron';

describe('applyStartAtLogin', () => {
  it('registers and removes the login item on macOS and Windows', () => {
    for (const platform of ['darwin', 'win32']) {
      const app = new FakeApp();
      applyStartAtLogin(app, platform, true);
      expect(app.loginItem).toEqual({ openAtLogin: true });
      applyStartAtLogin(app, platform, false);
      expect(app.loginItem).toEqual({ openAtLogin: false });
    }
  });

  it('asks Windows to start the app hidden in the tray', () => {
    const app = new FakeApp();
    applyStartAtLogin(app, 'win32', true);
    expect(app.loginSettings).toEqual({ openAtLogin: true, args: ['--start-hidden'] });
  });

  it('does nothing on Linux, where Electron has no login item API', () => {
    const app = new FakeApp();
    applyStartAtLogin(app, 'linux', true);
    expect(app.loginItem).toBeNull();
    expect(startAtLoginSupported('linux')).toBe(false);
  });
});
