import type { LoadFigures } from './run.js';

const number = (value: number) => Math.round(value).toLocaleString('en');

/** The figures for a person to read (and to copy into docs/production.md). */
export const formatReport = (
  figures: LoadFigures,
  setting: { target: string; replies?: Record<string, number> },
): string => {
  const lines = [
    `crampbot load test: ${setting.target}`,
    `  ${figures.durationSeconds.toFixed(0)} s, ${figures.connections} connections${figures.rate ? `, aiming at ${figures.rate} updates/s` : ', as fast as answered'}`,
    `  updates/s     ${number(figures.updatesPerSecond.mean)} on average (slowest second ${number(figures.updatesPerSecond.min)}, fastest ${number(figures.updatesPerSecond.max)})`,
    `  latency       p50 ${figures.latencyMs.p50} ms, p90 ${figures.latencyMs.p90} ms, p99 ${figures.latencyMs.p99} ms, max ${figures.latencyMs.max} ms`,
    `  updates       ${number(figures.answered)} answered with 200`,
    `  failures      ${number(figures.non2xx)} non-2xx, ${number(figures.errors)} errors (${number(figures.timeouts)} timeouts)`,
  ];
  if (Object.keys(figures.statusCodes).some((code) => code !== '200'))
    lines.push(`  status codes  ${JSON.stringify(figures.statusCodes)}`);
  if (setting.replies)
    lines.push(
      `  Bot API calls ${Object.entries(setting.replies)
        .map(([method, count]) => `${method} ${number(count)}`)
        .join(', ')}`,
    );
  return lines.join('\n');
};

/** A run passes when every update was answered with 200: no errors, no timeouts, no other status. */
export const passed = (figures: LoadFigures): boolean =>
  figures.errors === 0 && figures.timeouts === 0 && figures.non2xx === 0 && figures.answered > 0;
