export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean };
}

/** Passed by the Windows login item, so a start at login goes straight to the tray. */
export const START_HIDDEN_FLAG = '--start-hidden';
const loginArgs = (platform: string) => (platform === 'win32' ? { args: [START_HIDDEN_FLAG] } : {});

/** Electron can register a login item on macOS and Windows; Linux desktops have no API for it. */
export const startAtLoginSupported = (platform: string): boolean => platform === 'darwin' || platform === 'win32';

/** Applies the "start at login" setting, touching the OS only when it differs from what is registered. */
export function applyStartAtLogin(app: LoginItemApp, platform: string, wanted: boolean): void {
  if (!startAtLoginSupported(platform)) return;
  if (app.getLoginItemSettings(loginArgs(platform)).openAtLogin === wanted) return;
  app.setLoginItemSettings({ openAtLogin: wanted, ...loginArgs(platform) });
}
