import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { locateElectronBinary, missingElectronMessage } from './electron-binary';
import { userDataDir } from './user-data';

export interface LaunchOptions {
  root: string;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
  /** Where the `electron` package is (tests point it at an empty folder). */
  electronPackageDir?: string;
  print(line: string): void;
  /** Lets a test stop the launched app; by default the launcher waits until the app exits. */
  started?(app: LaunchedApp): void;
}

export interface LaunchedApp {
  kind: 'electron' | 'web';
  server: string;
  /** The web shell's address (kind 'web'). */
  url: string | null;
  stop(): void;
}

const node = (root: string, script: string, args: string[], env: Record<string, string | undefined>): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });

function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** Resolves with the first stdout line matching `pattern` (its first group), rejects if the process ends first. */
function waitForLine(child: ChildProcess, pattern: RegExp, what: string, passThrough: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let found = false;
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      passThrough(line);
      const match = pattern.exec(line);
      if (!found && match) {
        found = true;
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      if (!found) reject(new Error(`${what} exited (code ${code}) before it was ready`));
    });
  });
}

const exitOf = (child: ChildProcess): Promise<number> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code ?? 0));
  });

/**
 * `npm start`: builds, starts a local relay server with the support bot unless PARLEY_SERVER names one, then runs
 * the desktop app — or, where the Electron binary is missing, says so in one sentence and runs the web shell.
 * Resolves with the app's exit code once it has ended (and the server with it).
 */
export async function launch(options: LaunchOptions): Promise<number> {
  const { root, env, print } = options;
  const electron = locateElectronBinary(options.electronPackageDir ?? join(root, 'node_modules', 'electron'), env);
  const userData = userDataDir(options.platform, env, options.home);

  if (env.PARLEY_SKIP_BUILD !== '1') {
    await run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], root, env);
    if (!electron.found) await run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.bridge.config.ts'], root, env);
  }

  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const onSignal = () => stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    let server = env.PARLEY_SERVER;
    if (!server) {
      const port = env.PARLEY_SERVER_PORT ?? '8787';
      const relay = node(root, 'server/cli.ts', ['--port', port, '--data', join(userData, 'server')], env);
      children.push(relay);
      server = await waitForLine(relay, /listening on (wss?:\/\/\S+)/, 'the local Parley server', print);
    }

    let app: ChildProcess;
    let url: string | null = null;
    if (electron.found) {
      app = spawn(electron.path, ['.'], { cwd: root, env: { ...env, PARLEY_SERVER: server }, stdio: 'inherit' });
      children.push(app);
    } else {
      print(missingElectronMessage(electron.reason));
      const port = env.PARLEY_WEB_PORT ?? '5174';
      app = node(root, 'main/web/cli.ts', ['--server', server, '--profile', join(userData, 'web-profile'), '--port', port], env);
      children.push(app);
      url = await waitForLine(app, /web shell: (\S+)/, 'the Parley web shell', print);
    }
    options.started?.({ kind: electron.found ? 'electron' : 'web', server, url, stop });
    return await exitOf(app);
  } finally {
    stop();
    await Promise.all(children.map(exitOf));
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
