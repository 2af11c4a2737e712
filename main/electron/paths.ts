import { join } from 'node:path';

/** Where the shell finds its files, built (`out/`) and packaged (`resources/`) alike. */
export interface ShellPaths {
  userData: string;
  /** The built renderer served on app://parley. */
  rendererDir: string;
  preload: string;
  /** Pre-rendered tray icons (build/tray in the repository, resources/tray when packaged). */
  trayIconDir: string;
  /** Window icon for Linux (macOS and Windows take it from the bundle). */
  windowIcon: string;
}

export function shellPaths(options: { mainDir: string; appPath: string; resourcesPath: string; userData: string; isPackaged: boolean }): ShellPaths {
  const assets = options.isPackaged ? options.resourcesPath : join(options.appPath, 'build');
  return {
    userData: options.userData,
    rendererDir: join(options.mainDir, '..', 'renderer'),
    preload: join(options.mainDir, '..', 'preload', 'index.cjs'),
    trayIconDir: join(assets, 'tray'),
    windowIcon: join(assets, 'icons', '512x512.png'),
  };
}
