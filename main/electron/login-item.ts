export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  getLoginItemSettings(): { openAtLogin: boolean };
}

/** Electron can register a login item on macOS and Windows; Linux desktops have no API for it. */
export const startAtLoginSupported = (platform: string): boolean => platform === 'darwin' || platform === 'win32';

/** Applies the "start at login" setting, touching the OS only when it differs from what is registered. */
export function applyStartAtLogin(app: LoginItemApp, platform: string, wanted: boolean): void {
  if (!startAtLoginSupported(platform)) return;
  if (app.getLoginItemSettings().openAtLogin === wanted) return;
  app.setLoginItemSettings({ openAtLogin: wanted });
}
