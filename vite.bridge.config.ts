import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Builds the browser-side half of the web shell: the script that gives the page its `window.parley`. */
export default defineConfig({
  build: {
    outDir: 'out/web-bridge',
    emptyOutDir: true,
    lib: {
      entry: resolve(import.meta.dirname, 'preload/web/index.ts'),
      formats: ['iife'],
      name: 'parleyWebBridge',
      fileName: () => 'bridge.js',
    },
  },
});
