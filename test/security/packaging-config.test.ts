import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trayIconFile, trayIconVariants } from '../../main/electron/tray/tray-icon';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  publish: { provider: string; url: string };
  mac: { hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; target: { target: string; arch: string[] }[] };
  win: { target: { target: string; arch: string[] }[] };
  linux: { target: { target: string }[] };
  extraResources: { from: string; to: string }[];
}

/** electron-builder's own loader and schema validation, as `npm run dist` runs them (nothing is downloaded). */
async function loadBuilderConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<unknown>;
    validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config as BuilderConfig;
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder and hardens the packaged app with fuses', async () => {
    const config = await loadBuilderConfig();
    expect(config).toMatchObject({ appId: 'chat.parley.desktop', productName: 'Parley', npmRebuild: true });
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*');
    expect(config.publish).toMatchObject({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) });
  });

  it('builds the installers of every platform, with the files they reference present', async () => {
    const config = await loadBuilderConfig();
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(config.mac.target).toContainEqual({ target: 'dmg', arch: ['x64', 'arm64'] });
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.linux.target.map((target) => target.target)).toEqual(['AppImage', 'deb']);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit, 'build/icon.png', 'build/icons/512x512.png']) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
    // Every tray icon the shell may ask for, and where the packaged app finds them.
    for (const variant of trayIconVariants) expect(existsSync(join(root, 'build/tray', trayIconFile(variant))), variant).toBe(true);
    expect(config.extraResources).toContainEqual({ from: 'build/tray', to: 'tray' });
  });
});
