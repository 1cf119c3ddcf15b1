import type { Rate } from './metrics.js';

/** "93.1%", or "—" for a share of nothing. */
export const percent = (value: number | null, digits = 1): string =>
  value === null ? '—' : `${(value * 100).toFixed(digits)}%`;

/** "93.1% (121/130)". */
export const showRate = (value: Rate): string =>
  value.rate === null ? '— (0)' : `${percent(value.rate)} (${value.count}/${value.total})`;

export const fixed = (value: number | null, digits = 2): string =>
  value === null ? '—' : value.toFixed(digits);

/** Signed difference in percentage points, e.g. "+6.2". */
export const points = (a: number | null, b: number | null): string => {
  if (a === null || b === null) return '—';
  const diff = (a - b) * 100;
  return `${diff >= 0 ? '+' : ''}${diff.toFixed(1)}`;
};

export const truncate = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

/** Plain-text table: first column left-aligned, the others right-aligned. */
export const table = (header: string[], rows: string[][], options: { leftColumns?: number } = {}): string => {
  const left = options.leftColumns ?? 1;
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i < left ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
};
