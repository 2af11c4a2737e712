import type { ChaosConfig } from './config';
import type { ServerFuzzFigures } from './fuzz-process';
import type { ScenarioFigures } from './scenario';

export interface ChaosReport {
  config: ChaosConfig;
  durationMs: number;
  scenario: ScenarioFigures | null;
  fuzz: ServerFuzzFigures | null;
  failures: string[];
  ok: boolean;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The human-readable summary printed at the end of `npm run chaos`. */
export function formatReport(report: ChaosReport): string {
  const lines = [`Parley chaos run — ${report.ok ? 'PASS' : 'FAIL'} in ${seconds(report.durationMs)} (seed ${report.config.seed})`];
  const s = report.scenario;
  if (s) {
    const f = s.faults;
    lines.push(
      `  messages: ${s.sends.attempted} sent by ${s.users} users over ${seconds(s.sendingMs)} ` +
        `(${s.sends.returned} confirmed, ${s.sends.interrupted} interrupted by kills: ${s.check.sentInterruptedButStored} already stored, ${s.check.sentInterruptedNotStored} not), ${s.sends.errors.length} send errors`,
      `  disconnects: ${f.cut + f.cutMidFrame + f.reset + f.stall + f.halfOpen} (cut ${f.cut}, cut mid-frame ${f.cutMidFrame}, reset ${f.reset}, stall ${f.stall}, half-open ${f.halfOpen}); proxy connections ${s.proxy.connections}`,
      `  server kills: ${f.serverKill + f.serverKillBeforeAck} (${f.serverKillBeforeAck} with acknowledgements held, ${f.serverKillsWithAcksInFlight} of them with posts stored but unacknowledged)`,
      `  client kills: ${f.clientKill}; degraded periods: ${f.slicedPeriod} byte-sliced, ${f.latencyPeriod} with latency; skipped faults: ${f.skipped}`,
      `  lost ${s.check.lost}, duplicated ${s.check.duplicated}, out of order ${s.check.outOfOrder}, phantom ${s.check.phantom}, pending ${s.check.unacknowledged}, outboxes not empty ${s.check.outboxNotEmpty.length}`,
      `  copies checked: ${s.check.expectedCopies}; time to converge after the last fault: ${seconds(s.convergeMs)}`,
      `  integrity checks: ${s.integrityChecks}, problems ${s.integrityProblems.length}`,
      ...s.check.examples.map((example) => `    ${example}`),
      ...s.integrityProblems.slice(0, 5).map((problem) => `    integrity: ${problem}`),
      ...s.sends.errors.slice(0, 5).map((error) => `    send error: ${error.user} ${error.code} ${error.message}`),
    );
  }
  const z = report.fuzz;
  if (z) {
    lines.push(
      `  fuzz: ${z.cases} cases in ${seconds(z.durationMs)} (${z.authFallbacks} meant to be authenticated ran without); frames ${JSON.stringify(z.frames)}`,
      `  fuzz answers: errors ${JSON.stringify(z.errors)}, closes ${JSON.stringify(z.closes)}`,
      `  server memory: ${mb(z.memory.baselineBytes)} after warm-up, ${mb(z.memory.maxBytes)} at most; well-behaved pair exchanged ${z.pair.exchanged} messages (slowest ${z.pair.maxRoundTripMs} ms)`,
    );
  }
  lines.push(...report.failures.map((failure) => `  FAILURE: ${failure}`));
  return lines.join('\n');
}
