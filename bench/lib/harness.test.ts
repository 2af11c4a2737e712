import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { countEvents } from './count';
import { renderTable } from './format';
import { measured, notMeasured } from './row';
import { percentile, summarize } from './stats';

describe('bench harness', () => {
  it('reads and validates the flags', () => {
    expect(parseArgs(['--quick', '--only', 'page,search', '--json', 'out.json'])).toEqual({ quick: true, only: ['page', 'search'], json: 'out.json', freshDb: false });
    expect(parseArgs([])).toEqual({ quick: false, only: null, json: null, freshDb: false });
    expect(() => parseArgs(['--only', 'nope'])).toThrow(/usage/);
    expect(() => parseArgs(['--json'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument/);
  });

  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile([...samples].sort((a, b) => a - b), 99)).toBe(99);
    expect(summarize(samples)).toMatchObject({ n: 100, median: 50, p99: 99, min: 1, max: 100 });
  });

  it('computes ratios on the statistic the target is about, and never invents a figure', () => {
    const row = measured({
      key: 'k',
      figure: 'f',
      unit: 'ms',
      median: 2,
      p99: 8,
      baseline: { what: 'raw', median: 1, p99: 4, unit: 'ms' },
      ratioOf: 'p99',
      target: 'p99 ≤ 5 ms',
      met: false,
    });
    expect(row.ratio).toBe(2);
    const missing = notMeasured('k2', 'g', 'ms', '≤ 1 s', 'server/index.ts is not in the repository yet');
    expect(missing.median).toBeNull();
    const table = renderTable([row, missing]);
    expect(table).toContain('MISSED');
    expect(table).toContain('not measured: server/index.ts is not in the repository yet');
  });

  it('counts events in a frame without parsing it', () => {
    expect(countEvents(Buffer.from('{"type":"events","events":[{"seq":1},{"seq":2}]}'))).toBe(2);
    expect(countEvents(Buffer.from('{"type":"typing"}'))).toBe(0);
  });
});
