import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import solid from 'vite-plugin-solid';

/**
 * Asks V8 to compile every function of the renderer bundle while the file streams in, on a background thread
 * (explicit compile hints). Without it each function is compiled on first call, on the main thread: right after
 * start that is most of the time spent opening the first conversation. Added after minification, which would
 * remove the comment.
 */
const compileHints = (): Plugin => ({
  name: 'parley-compile-hints',
  enforce: 'post',
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk' && chunk.isEntry) chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
  },
});

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'main/electron/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot be ES modules.
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/electron/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [solid(), compileHints()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
