/**
 * `npm run chaos`: the full reliability run. The fault scenario with real engines and a real server, then the
 * hostile-input fuzzing of a server process, then one report of the figures (printed, and as JSON with --report).
 * Exits 1 when anything was lost, duplicated, out of order, corrupted, or the server misbehaved.
 */
import fs from 'node:fs';
import { parseChaosArgs, type ChaosConfig } from './config';
import { runServerFuzz } from './fuzz-process';
import { formatReport, type ChaosReport } from './report';
import { runScenario, type ScenarioFigures } from './scenario';

async function main(): Promise<number> {
  let config: ChaosConfig;
  try {
    config = parseChaosArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const started = Date.now();
  const log = (line: string) => {
    if (config.verbose) console.log(`[chaos ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
  };
  log(`seed ${config.seed} (replay with --seed ${config.seed})`);

  let scenario: ScenarioFigures | null = null;
  let fuzz: ChaosReport['fuzz'] = null;
  const failures: string[] = [];
  if (config.only !== 'fuzz') {
    try {
      scenario = await runScenario(config, log, config.dir ? { baseDir: config.dir } : {});
      if (!scenario.ok) failures.push('the fault scenario found problems');
    } catch (error) {
      failures.push(`the fault scenario failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (config.fuzzCases > 0 && config.only !== 'scenario') {
    try {
      fuzz = await runServerFuzz(config, log);
    } catch (error) {
      failures.push(`the fuzzing failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const report: ChaosReport = { config, durationMs: Date.now() - started, scenario, fuzz, failures, ok: failures.length === 0 };
  console.log(formatReport(report));
  if (config.report) fs.writeFileSync(config.report, `${JSON.stringify(report, null, 2)}\n`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
