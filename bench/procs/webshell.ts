import { serve } from '../lib/serve';
import { loadModule } from '../fixtures/modules';

/**
 * One web shell (engine + local HTTP/WebSocket bridge), as `npm run web` starts it, in its own process like
 * Electron's main process. Modules are imported before the clock starts: what is timed is the app's own
 * start (open the profile, restore the session, start serving), not Node parsing TypeScript.
 */
type RunWebShell = (options: { profileDir: string; server?: string; port: number; root: string; logger?: unknown }) => Promise<{ url: string; close(): Promise<void> }>;
let shell: { close(): Promise<void> } | null = null;
let threads: { dispose(): void } | null = null;

serve(
  {
    async start(params: { profileDir: string; root: string; server: string }) {
      const runWebShell = await loadModule<RunWebShell>('main/web/run.ts', 'runWebShell');
      const { silentLogger, BackgroundThreads } = await import('../../main/core/index');
      const started = performance.now();
      const running = await runWebShell({ profileDir: params.profileDir, server: params.server, port: 0, root: params.root, logger: silentLogger });
      const ms = performance.now() - started;
      shell = running;
      // As `npm run web` does once the shell runs: its helper threads give way to the event loop.
      threads ??= new BackgroundThreads(silentLogger);
      return { url: running.url, ms };
    },
  },
  async () => {
    await shell?.close();
    threads?.dispose();
  },
);
