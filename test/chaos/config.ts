import { parseArgs } from 'node:util';
import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** Everything a chaos run can be told. The full run's defaults meet the issue's targets; the reduced suite shrinks them. */
export const ChaosConfig = z
  .object({
    seed: z.coerce.number().int().min(0).default(() => Math.floor(Math.random() * 2 ** 31)),
    users: z.coerce.number().int().min(3).max(8).default(4),
    /** Messages the users send in total. */
    messages: count(10_000),
    /** Total send rate across all users while the faults run. */
    ratePerSecond: z.coerce.number().positive().max(2_000).default(120),
    /** Network faults through the proxy (cuts, cuts mid-frame, resets, stalls, half-open links). */
    disconnects: count(120),
    serverKills: count(24),
    clientKills: count(24),
    /** Periods in which every link slices its writes into single bytes or adds latency. */
    degradedPeriods: count(12),
    /** Hostile-input cases sent to the server by the fuzzer (0 skips it). */
    fuzzCases: count(10_000),
    /** Give up waiting for convergence after this long. */
    convergeTimeoutMs: z.coerce.number().int().min(1_000).default(180_000),
    /** Write the figures as JSON here. */
    report: z.string().min(1).optional(),
    /** Run only one part. */
    only: z.enum(['all', 'scenario', 'fuzz']).default('all'),
    /** Where the temp directories go (default: the OS temp dir). */
    dir: z.string().min(1).optional(),
    /** Print progress lines while running. */
    verbose: z.coerce.boolean().default(true),
  })
  .strict();
export type ChaosConfig = z.output<typeof ChaosConfig>;

/** The reduced run inside `npm test`: the same code, every fault kind a few times, about a minute on 2 cores. */
export const reducedConfig: Partial<z.input<typeof ChaosConfig>> = {
  users: 3,
  messages: 500,
  ratePerSecond: 40,
  disconnects: 15,
  serverKills: 4,
  clientKills: 3,
  degradedPeriods: 4,
  fuzzCases: 0,
  convergeTimeoutMs: 120_000,
  verbose: false,
};

const flagNames = {
  seed: 'seed',
  users: 'users',
  messages: 'messages',
  rate: 'ratePerSecond',
  disconnects: 'disconnects',
  'server-kills': 'serverKills',
  'client-kills': 'clientKills',
  'degraded-periods': 'degradedPeriods',
  'fuzz-cases': 'fuzzCases',
  'converge-timeout-ms': 'convergeTimeoutMs',
  report: 'report',
  only: 'only',
  dir: 'dir',
} as const;

export const usage = `usage: npm run chaos -- [--reduced] [--quiet] ${Object.keys(flagNames)
  .map((flag) => `[--${flag} N]`)
  .join(' ')}`;

/** Parses command-line flags; unknown flags and bad values throw with a readable message. */
export function parseChaosArgs(argv: string[]): ChaosConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(Object.keys(flagNames).map((flag) => [flag, { type: 'string' as const }])),
      reduced: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) throw new Error(usage);
  const raw: Record<string, unknown> = values.reduced ? { ...reducedConfig, verbose: true } : {};
  for (const [flag, key] of Object.entries(flagNames)) {
    const value = (values as Record<string, unknown>)[flag];
    if (value !== undefined) raw[key] = value;
  }
  if (values.quiet) raw.verbose = false;
  const parsed = ChaosConfig.safeParse(raw);
  if (!parsed.success) {
    const flagOf = (key: PropertyKey | undefined) => Object.entries(flagNames).find(([, name]) => name === key)?.[0] ?? String(key);
    const problems = parsed.error.issues.map((issue) => `--${flagOf(issue.path[0])}: ${issue.message}`);
    throw new Error(`${problems.join('; ')}\n${usage}`);
  }
  return parsed.data;
}
