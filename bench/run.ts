import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, usage, type ScenarioName } from './lib/args';
import { cleanupAll } from './lib/cleanup';
import { createContext, type Scenario } from './lib/context';
import { renderTable } from './lib/format';
import { cores, notMeasured, type Row } from './lib/row';
import { repoRoot } from './lib/child';
import { scenarios } from './scenarios';

/**
 * `npm run bench`: runs every scenario (or `--only` some), prints one table, writes bench/results/latest.json
 * (and `--json <file>`), and after a full run refreshes bench/RESULTS.md. Never exits non-zero because a
 * target was missed: benchmarks inform, they do not gate.
 */
async function main(): Promise<void> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
    return;
  }
  const started = Date.now();
  const log = (line: string): void => console.error(`bench: ${line}`);
  const ctx = createContext(options, log);
  const selected: Scenario[] = scenarios.filter((s) => options.only === null || options.only.includes(s.name));
  log(`${options.quick ? 'quick' : 'full'} run of ${selected.map((s) => s.name).join(', ')}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${cores()} cores`);
  const rows: Row[] = [];
  for (const scenario of selected) {
    const t0 = Date.now();
    log(`${scenario.name}…`);
    try {
      rows.push(...(await scenario.run(ctx)));
    } catch (error) {
      // A scenario that crashes still leaves a row: it says what failed, never a made-up figure.
      rows.push(notMeasured(scenario.name as ScenarioName, scenario.name, '', '—', `crashed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`));
      console.error(error);
    }
    log(`${scenario.name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  await cleanupAll();

  const meta = {
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    only: options.only,
    seconds: (Date.now() - started) / 1000,
    cores: cores(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadavgAtEnd: loadavg(),
  };
  const table = renderTable(rows);
  console.log(table);
  console.log(`\n${meta.mode} run, ${meta.seconds.toFixed(1)} s, ${meta.cores} cores (${meta.cpu}), node ${meta.node}`);
  const json = JSON.stringify({ meta, rows }, null, 2);
  const latest = join(repoRoot, 'bench/results/latest.json');
  mkdirSync(dirname(latest), { recursive: true });
  writeFileSync(latest, json);
  if (options.json) writeFileSync(resolve(options.json), json);
  if (!options.quick && options.only === null) {
    writeFileSync(
      join(repoRoot, 'bench/RESULTS.md'),
      `# Latest benchmark results\n\nFull run of \`npm run bench\` on ${meta.date.slice(0, 10)}: ${meta.cores} cores (${meta.cpu}), node ${meta.node}, ` +
        `${meta.seconds.toFixed(0)} s. Every figure sits beside a baseline measured in the same run; ` +
        `[docs/benchmarks.md](../docs/benchmarks.md) explains each one.\n\n${table}\n`,
    );
  }
}

const interrupt = (): void => {
  void cleanupAll().finally(() => process.exit(130));
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

main().catch(async (error: unknown) => {
  console.error(error);
  await cleanupAll();
  process.exitCode = 1;
});
export { usage };
