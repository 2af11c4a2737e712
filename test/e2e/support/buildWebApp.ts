import path from 'node:path';
import { build, type InlineConfig } from 'vite';
import electronViteConfig from '../../../electron.vite.config';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * Builds what the web shell serves (`out/renderer` and `out/web-bridge/bridge.js`) with the project's own
 * configs, so the tests always run the current source. Only the renderer part of the electron-vite config is used.
 */
export async function buildWebApp(): Promise<void> {
  const config = electronViteConfig as { renderer?: InlineConfig };
  if (!config.renderer) throw new Error('electron.vite.config.ts has no renderer section');
  await build({ ...config.renderer, base: './', configFile: false, build: { ...config.renderer.build, emptyOutDir: true }, logLevel: 'warn' });
  await build({ configFile: path.join(root, 'vite.bridge.config.ts'), root, logLevel: 'warn' });
}

/** The renderer over the in-memory fake engine (`renderer/src/testing/fake.html`), for the large-history test. */
export async function buildFakeApp(): Promise<void> {
  const config = electronViteConfig as { renderer?: InlineConfig };
  await build({
    ...config.renderer,
    base: './',
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: path.join(root, 'out/renderer-fake'),
      emptyOutDir: true,
      rollupOptions: { input: path.join(root, 'renderer/src/testing/fake.html') },
    },
  });
}
