import { Resvg } from '@resvg/resvg-js';
import type { IntentCase, Prediction } from './types.js';

/**
 * The confusion picture: one row per expected topic (and "out of scope"), one column per answer (and "not
 * sure"), each cell shaded by the share of that row's messages given that answer. Right answers sit on the
 * diagonal (green); anything off it (red) is a confusion, so the sticky topics show as red columns at a
 * glance. Drawn as SVG and rendered to PNG with resvg (no browser).
 */

export interface ConfusionInput {
  cases: IntentCase[];
  predictions: Prediction[];
  /** Topics in display order. */
  intents: string[];
  title: string;
}

const NULL_LABEL = 'out of scope / not sure';
const CELL = 18;
const LABEL_WIDTH = 190;
const TOP = 200;

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Counts by expected row and answered column (null is the last row and column). */
export const confusionMatrix = (input: ConfusionInput): { labels: string[]; counts: number[][] } => {
  const labels = [...input.intents, NULL_LABEL];
  const index = new Map(input.intents.map((intent, i) => [intent, i]));
  const at = (intent: string | null) => (intent === null ? labels.length - 1 : (index.get(intent) ?? -1));
  const counts = labels.map(() => labels.map(() => 0));
  input.cases.forEach((item, i) => {
    const row = at(item.intent);
    const column = at(input.predictions[i]?.intent ?? null);
    if (row >= 0 && column >= 0)
      (counts[row] as number[])[column] = ((counts[row] as number[])[column] ?? 0) + 1;
  });
  return { labels, counts };
};

export const confusionSvg = (input: ConfusionInput): string => {
  const { labels, counts } = confusionMatrix(input);
  const size = labels.length * CELL;
  const width = LABEL_WIDTH + size + 90;
  const height = TOP + size + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(input.title)}</text>`,
    `<text x="10" y="38" font-size="11" fill="#444">rows: expected topic · columns: answer · shade: share of the row · green: right, red: confused</text>`,
  ];
  labels.forEach((label, i) => {
    const y = TOP + i * CELL + CELL * 0.7;
    parts.push(
      `<text x="${LABEL_WIDTH - 6}" y="${y}" font-size="11" text-anchor="end">${escapeXml(label)}</text>`,
    );
    const x = LABEL_WIDTH + i * CELL + CELL * 0.7;
    parts.push(
      `<text x="${x}" y="${TOP - 6}" font-size="11" transform="rotate(-60 ${x} ${TOP - 6})">${escapeXml(label)}</text>`,
    );
  });
  counts.forEach((row, r) => {
    const total = row.reduce((sum, value) => sum + value, 0);
    row.forEach((count, c) => {
      const x = LABEL_WIDTH + c * CELL;
      const y = TOP + r * CELL;
      const share = total ? count / total : 0;
      const fill =
        count === 0
          ? '#f4f4f4'
          : r === c
            ? `rgba(26,140,60,${(0.25 + 0.75 * share).toFixed(3)})`
            : `rgba(200,30,30,${(0.3 + 0.7 * share).toFixed(3)})`;
      parts.push(`<rect x="${x}" y="${y}" width="${CELL - 1}" height="${CELL - 1}" fill="${fill}"/>`);
      if (count > 0)
        parts.push(
          `<text x="${x + CELL / 2 - 0.5}" y="${y + CELL * 0.7}" font-size="9" text-anchor="middle" fill="${share > 0.5 ? 'white' : 'black'}">${count}</text>`,
        );
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
};

/** PNG bytes of the confusion picture. */
export const confusionPng = (input: ConfusionInput): Buffer =>
  new Resvg(confusionSvg(input), {
    fitTo: { mode: 'zoom', value: 1.5 },
    font: { loadSystemFonts: true },
  })
    .render()
    .asPng();
