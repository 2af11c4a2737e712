import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { describeIssues, MAX_TEXT_BYTES, utf8ByteLength } from '../shared/protocol';
import { BackgroundThreads } from './process/background-threads';
import { startServer } from './server';

const usage = `usage: npm run server -- [options]
  --host <address>          interface to listen on (default 127.0.0.1)
  --port <number>           TCP port, 0 for any free one (default 8787)
  --data <dir>              data directory (default ./data)
  --tls-cert <file>         PEM certificate chain: serve wss:// (needs --tls-key)
  --tls-key <file>          PEM private key
  --no-support-bot          do not run the support desk bot
  --support-welcome <text>  welcome message of the support bot
  --support-reply <text>    automatic reply of the support bot
  --max-conns-per-ip <n>    concurrent sockets per client address (default 256)
  --log-level <level>       fatal|error|warn|info|debug|trace|silent (default info)
  --help                    show this help`;

const supportText = z
  .string()
  .refine((text) => text.trim().length > 0, 'must not be empty')
  .refine((text) => utf8ByteLength(text) <= MAX_TEXT_BYTES, `must be at most ${MAX_TEXT_BYTES} bytes`);
const readableFile = z.string().refine((file) => fs.existsSync(file) && fs.statSync(file).isFile(), 'no such file');

const Flags = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65_535).default(8787),
    data: z.string().min(1).default('./data'),
    'tls-cert': readableFile.optional(),
    'tls-key': readableFile.optional(),
    'no-support-bot': z.boolean().default(false),
    'support-welcome': supportText.optional(),
    'support-reply': supportText.optional(),
    'max-conns-per-ip': z.coerce.number().int().min(1).max(1_000_000).optional(),
    'log-level': z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    help: z.boolean().default(false),
  })
  .refine((flags) => (flags['tls-cert'] === undefined) === (flags['tls-key'] === undefined), {
    message: '--tls-cert and --tls-key go together',
    path: ['tls-cert'],
  });

function fail(message: string): never {
  console.error(`parley server: ${message}\n${usage}`);
  process.exit(2);
}

function readFlags(): z.infer<typeof Flags> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        data: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'no-support-bot': { type: 'boolean' },
        'support-welcome': { type: 'string' },
        'support-reply': { type: 'string' },
        'max-conns-per-ip': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const flags = Flags.safeParse(values);
  if (!flags.success) fail(describeIssues(flags.error).replace(/(^|; )([a-z-]+):/g, '$1--$2:'));
  return flags.data;
}

const flags = readFlags();
if (flags.help) {
  console.log(usage);
  process.exit(0);
}
// Logs go to stderr: stdout carries exactly the one "listening" line.
const logger = pino({ level: flags['log-level'] }, pino.destination(2));
const server = await startServer({
  host: flags.host,
  port: flags.port,
  dataDir: flags.data,
  logger,
  supportBot: flags['no-support-bot'] ? false : { welcome: flags['support-welcome'], autoReply: flags['support-reply'] },
  ...(flags['tls-cert'] && flags['tls-key']
    ? { tls: { cert: fs.readFileSync(flags['tls-cert']), key: fs.readFileSync(flags['tls-key']) } }
    : {}),
  limits: { maxConnectionsPerIp: flags['max-conns-per-ip'] },
}).catch((error: unknown) => {
  logger.fatal({ err: error }, 'could not start');
  console.error(`parley server: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(`parley server listening on ${server.url}`);
// This process is the relay's alone: its helper threads give way to the event loop that carries messages.
// Started once the server runs, so that the first look finds the threads it started.
const threads = new BackgroundThreads(logger);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  threads.dispose();
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
