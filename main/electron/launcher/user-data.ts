import { join } from 'node:path';

/** Where Electron keeps the app's data (`app.getPath('userData')` for the product name "Parley"). */
export function userDataDir(platform: NodeJS.Platform, env: Record<string, string | undefined>, home: string): string {
  if (env.PARLEY_USER_DATA) return env.PARLEY_USER_DATA;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Parley');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Parley');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Parley');
}
