import { availableParallelism } from 'node:os';

/** One line of the results table. Every measured figure sits beside a baseline taken in the same run. */
export interface Row {
  /** Stable key for JSON consumers, e.g. "latency.send-to-event". */
  key: string;
  figure: string;
  unit: string;
  median: number | null;
  /** Only for latency-like figures. */
  p99: number | null;
  baseline: Baseline | null;
  /** figure / baseline, computed on the statistic the target is about (see `ratioOf`). */
  ratio: number | null;
  ratioOf: 'median' | 'p99' | null;
  target: string;
  /** null: no target, or not measured. */
  met: boolean | null;
  cores: number;
  notes: string[];
  /** Set when the figure could not be measured; never replaced by an invented number. */
  notMeasured?: string;
}

export interface Baseline {
  what: string;
  median: number;
  p99: number | null;
  unit: string;
}

export const cores = (): number => availableParallelism();

export interface MeasuredInput {
  key: string;
  figure: string;
  unit: string;
  median: number;
  p99?: number | null;
  baseline: Baseline | null;
  /** Which statistic the ratio and target compare; defaults to median. */
  ratioOf?: 'median' | 'p99';
  target: string;
  met: boolean | null;
  notes?: string[];
}

export function measured(input: MeasuredInput): Row {
  const ratioOf = input.ratioOf ?? 'median';
  const p99 = input.p99 ?? null;
  let ratio: number | null = null;
  if (input.baseline) {
    const mine = ratioOf === 'p99' ? p99 : input.median;
    const base = ratioOf === 'p99' ? (input.baseline.p99 ?? input.baseline.median) : input.baseline.median;
    if (mine !== null && base > 0) ratio = mine / base;
  }
  return {
    key: input.key,
    figure: input.figure,
    unit: input.unit,
    median: input.median,
    p99,
    baseline: input.baseline,
    ratio,
    ratioOf: input.baseline ? ratioOf : null,
    target: input.target,
    met: input.met,
    cores: cores(),
    notes: input.notes ?? [],
  };
}

export function notMeasured(key: string, figure: string, unit: string, target: string, why: string, baseline: Baseline | null = null): Row {
  return {
    key,
    figure,
    unit,
    median: null,
    p99: null,
    baseline,
    ratio: null,
    ratioOf: null,
    target,
    met: null,
    cores: cores(),
    notes: [],
    notMeasured: why,
  };
}
