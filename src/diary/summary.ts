import { formatDay, localDay, nightOf } from './clock.js';
import type { Diary } from './model.js';
import { offsetOf, type WindowStats, windowStats } from './stats.js';
import type { DiaryTexts } from './texts.js';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

const choiceLabels = (diary: Diary, texts: DiaryTexts, questionId: string): string | null => {
  const question = texts.questions.find((q) => q.id === questionId);
  const answer = diary.answers[questionId];
  if (!question || !answer || answer.choices.length === 0) return null;
  const labels = answer.choices
    .map((id) => question.choices.find((choice) => choice.id === id)?.label)
    .filter((label): label is string => label !== undefined);
  return labels.join(', ').toLowerCase();
};

const weekLines = (stats: WindowStats): string[] =>
  [0, 1, 2, 3].map((week) => {
    const bars = stats.bars.slice(week * 7, week * 7 + 7);
    const cramps = bars.reduce((sum, bar) => sum + bar.cramps, 0);
    const nights = bars.filter((bar) => bar.cramps > 0).length;
    const from = formatDay((bars[0] as { night: number }).night, false);
    const to = formatDay((bars.at(-1) as { night: number }).night, false);
    return `  Nights ${from} – ${to}: ${plural(cramps, 'cramp')} on ${plural(nights, 'night')}`;
  });

/**
 * The page for a doctor: what the person entered with buttons over the last 4 weeks, in numbers and
 * dates. It says what made it and what it covers; no diagnosis, no advice beyond showing it to a doctor.
 */
export const summaryText = (diary: Diary, now: number, texts: DiaryTexts): string => {
  const stats = windowStats(diary, now);
  const offset = offsetOf(diary);
  const count = stats.cramps.length;
  const lines: string[] = [];
  lines.push(
    `Leg cramp diary: nights of ${formatDay(stats.firstNight)} to ${formatDay(stats.lastNight)} (4 weeks)`,
  );
  lines.push(
    `Made on ${formatDay(localDay(now, offset))} by crampbot, an information bot, from what the person entered with its buttons.`,
  );
  if (diary.offsetMinutes === null) lines.push('Times are in UTC (the person has not set their local time).');
  lines.push('');
  lines.push(`Cramps: ${count} on ${plural(stats.nightsWithCramps, 'night')} out of 28`);
  lines.push(...weekLines(stats));
  const firstEver = Math.min(...diary.cramps.map((cramp) => cramp.at));
  if (Number.isFinite(firstEver) && nightOf(firstEver, offset) < stats.firstNight)
    lines.push(`  First cramp in the diary: night of ${formatDay(nightOf(firstEver, offset))}`);
  lines.push(
    `Leg: left ${stats.legs.left}, right ${stats.legs.right}, both ${stats.legs.both}, not given ${stats.legs.unknown}`,
  );
  lines.push(
    `How long: under 1 minute ${stats.durations.short}, 1–10 minutes ${stats.durations.medium}, over 10 minutes ${stats.durations.long}, not given ${stats.durations.unknown}`,
  );
  lines.push(`Time of day: ${stats.atNight} at night (21:00–07:00), ${count - stats.atNight} in the daytime`);
  lines.push(`Bedtime calf stretch done on ${plural(stats.stretchNights, 'evening')}`);

  const reported = texts.questions.filter((q) => !q.red_flag);
  const checks = texts.questions.filter((q) => q.red_flag);
  const answerLine = (question: (typeof texts.questions)[number]) => {
    const labels = choiceLabels(diary, texts, question.id);
    const answer = diary.answers[question.id];
    if (labels === null || !answer) return `  ${question.summary_label}: not asked or not answered`;
    return `  ${question.summary_label}: ${labels} (answered ${formatDay(localDay(answer.at, offset), false)})`;
  };
  lines.push('');
  lines.push('Reported by the person (buttons):');
  lines.push(...reported.map(answerLine));
  lines.push('Warning-sign checks the bot asked:');
  lines.push(...checks.map(answerLine));
  lines.push('');
  lines.push(texts.summary_footer);
  return lines.join('\n');
};
