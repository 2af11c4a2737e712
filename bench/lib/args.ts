import { z } from 'zod';

/** Scenario groups that `--only` can select. */
export const scenarioNames = ['baselines', 'schema', 'latency', 'fanout', 'idle', 'catchup', 'apply', 'page', 'search', 'browser'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

const Options = z.strictObject({
  quick: z.boolean(),
  only: z.array(z.enum(scenarioNames)).min(1).nullable(),
  json: z.string().min(1).nullable(),
  /** Rebuild the cached 1,000,000-message databases even when a matching cache exists. */
  freshDb: z.boolean(),
});
export type Options = z.infer<typeof Options>;

export const usage = `usage: npm run bench -- [--quick] [--only <${scenarioNames.join('|')}>[,<name>...]] [--json <file>] [--fresh-db]`;

/** Reads argv (without node and script) into validated options; throws with the usage text on anything unknown. */
export function parseArgs(argv: readonly string[]): Options {
  const raw: { quick: boolean; only: string[] | null; json: string | null; freshDb: boolean } = {
    quick: false,
    only: null,
    json: null,
    freshDb: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value\n${usage}`);
      return next;
    };
    switch (flag) {
      case '--quick':
        raw.quick = true;
        break;
      case '--fresh-db':
        raw.freshDb = true;
        break;
      case '--only':
        raw.only = [...(raw.only ?? []), ...value().split(',').filter((name) => name.length > 0)];
        break;
      case '--json':
        raw.json = value();
        break;
      default:
        throw new Error(`unknown argument "${arg}"\n${usage}`);
    }
  }
  const parsed = Options.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}\n${usage}`);
  }
  return parsed.data;
}
