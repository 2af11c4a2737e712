import type { Row } from './row';

/** Three significant digits, thousands separated: enough precision for noisy figures, easy to read. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(2);
}

const withUnit = (value: number | null, unit: string): string => (value === null ? '—' : `${fmt(value)} ${unit}`);

function resultCell(row: Row): string {
  if (row.notMeasured) return `not measured: ${row.notMeasured}`;
  if (row.met === null) return '—';
  return row.met ? 'met' : 'MISSED';
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const tableHeader = ['figure', 'median', 'p99', 'baseline (same run)', 'ratio', 'target', 'result', 'cores', 'notes'];

export function tableCells(row: Row): string[] {
  const baseline = row.baseline
    ? `${row.baseline.what}: ${fmt(row.baseline.median)}${row.baseline.p99 !== null ? ` / p99 ${fmt(row.baseline.p99)}` : ''} ${row.baseline.unit}`
    : '—';
  const ratio = row.ratio === null ? '—' : `${fmt(row.ratio)}×${row.ratioOf === 'p99' ? ' (p99)' : ''}`;
  return [
    row.figure,
    withUnit(row.median, row.unit),
    withUnit(row.p99, row.unit),
    baseline,
    ratio,
    row.target,
    resultCell(row),
    String(row.cores),
    row.notes.join('; '),
  ].map(escapeCell);
}

/** A GitHub-flavoured Markdown table: it reads fine in a terminal and renders in RESULTS.md. */
export function renderTable(rows: readonly Row[]): string {
  const lines = [`| ${tableHeader.join(' | ')} |`, `| ${tableHeader.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${tableCells(row).join(' | ')} |`);
  return lines.join('\n');
}
