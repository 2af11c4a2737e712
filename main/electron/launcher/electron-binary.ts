import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/**
 * Finds the Electron executable the way the `electron` package does, without requiring that package: when the
 * binary is missing, requiring it tries to download it, which cannot work on machines without internet.
 */
export function locateElectronBinary(electronPackageDir: string, env: Record<string, string | undefined>): ElectronBinary {
  const pathFile = join(electronPackageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const overridden = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(overridden) ? { found: true, path: overridden } : { found: false, reason: `${overridden} does not exist` };
  }
  if (!relative) return { found: false, reason: `${pathFile} is missing` };
  const binary = join(electronPackageDir, 'dist', relative);
  return existsSync(binary) ? { found: true, path: binary } : { found: false, reason: `${binary} is missing` };
}

/** The one sentence `npm start` prints when it falls back to the web shell. */
export const missingElectronMessage = (reason: string): string =>
  `Electron's binary is not installed (${reason}), so Parley starts as a web app for your browser instead (its address follows); ` +
  'to get the desktop app, run `npm ci` without ELECTRON_SKIP_BINARY_DOWNLOAD on a machine with internet access.';
