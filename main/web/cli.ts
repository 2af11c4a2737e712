import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BackgroundThreads, createLogger } from '../core/index';
import { runWebShell } from './run';

const Flags = z.strictObject({
  server: z
    .string()
    .regex(/^wss?:\/\/[^\s/]+(\/\S*)?$/, 'must start with ws:// or wss://')
    .optional(),
  profile: z.string().min(1, 'is required'),
  port: z.coerce.number().int().min(0).max(65_535).default(5174),
});

const usage = 'usage: npm run web -- --profile ./profiles/alice [--server ws://127.0.0.1:8787] [--port 5174]';

async function main(): Promise<void> {
  let flags: z.infer<typeof Flags>;
  try {
    const { values } = parseArgs({
      options: { server: { type: 'string' }, profile: { type: 'string' }, port: { type: 'string' } },
      strict: true,
    });
    const parsed = Flags.safeParse(values);
    if (!parsed.success) {
      console.error(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
      console.error(usage);
      process.exit(2);
    }
    flags = parsed.data;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage);
    process.exit(2);
  }

  const logger = createLogger({ name: 'parley-web' });
  const shell = await runWebShell({
    profileDir: path.resolve(flags.profile),
    server: flags.server,
    port: flags.port,
    root: path.resolve(import.meta.dirname, '../..'),
    logger,
  });
  console.log(`parley web shell: ${shell.url}`);
  // This process is the web shell's alone: its helper threads give way to the event loop that carries messages.
  // Started once the engine runs, so that the first look finds the threads it started.
  const threads = new BackgroundThreads(logger);

  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    threads.dispose();
    shell.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
