import { formatDay, isNightTime, nightOf } from './clock.js';
import { type Cramp, type Diary, type Duration, LEGS, type Leg } from './model.js';
import { type DiaryTexts, fill } from './texts.js';

/** The chart and the summary cover the last 4 weeks: 28 nights, the current one included. */
export const WINDOW_NIGHTS = 28;

/** One bar of the chart: a night (named by its evening's date) and how many cramps it had. */
export interface NightBar {
  /** Local day number of the evening. */
  night: number;
  /** "3 Nov" */
  label: string;
  cramps: number;
  /** The person tapped Done under the reminder that evening. */
  stretched: boolean;
}

export interface WindowStats {
  firstNight: number;
  lastNight: number;
  cramps: Cramp[];
  bars: NightBar[];
  nightsWithCramps: number;
  legs: Record<Leg | 'unknown', number>;
  durations: Record<Duration | 'unknown', number>;
  atNight: number;
  stretchNights: number;
}

/** The offset used before the person has told us their time: UTC. */
export const offsetOf = (diary: Diary): number => diary.offsetMinutes ?? 0;

export const windowStats = (diary: Diary, now: number, nights = WINDOW_NIGHTS): WindowStats => {
  const offset = offsetOf(diary);
  const lastNight = nightOf(now, offset);
  const firstNight = lastNight - nights + 1;
  const inWindow = (at: number) => {
    const night = nightOf(at, offset);
    return night >= firstNight && night <= lastNight;
  };
  const cramps = diary.cramps.filter((cramp) => inWindow(cramp.at)).sort((a, b) => a.at - b.at);
  const perNight = new Map<number, number>();
  for (const cramp of cramps) {
    const night = nightOf(cramp.at, offset);
    perNight.set(night, (perNight.get(night) ?? 0) + 1);
  }
  const stretchNights = new Set(diary.stretches.filter(inWindow).map((at) => nightOf(at, offset)));
  const bars: NightBar[] = [];
  for (let night = firstNight; night <= lastNight; night += 1) {
    bars.push({
      night,
      label: formatDay(night, false),
      cramps: perNight.get(night) ?? 0,
      stretched: stretchNights.has(night),
    });
  }
  const legs = { left: 0, right: 0, both: 0, unknown: 0 };
  const durations = { short: 0, medium: 0, long: 0, unknown: 0 };
  for (const cramp of cramps) {
    legs[cramp.leg ?? 'unknown'] += 1;
    durations[cramp.duration ?? 'unknown'] += 1;
  }
  return {
    firstNight,
    lastNight,
    cramps,
    bars,
    nightsWithCramps: perNight.size,
    legs,
    durations,
    atNight: cramps.filter((cramp) => isNightTime(cramp.at, offset)).length,
    stretchNights: stretchNights.size,
  };
};

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

const legWords: Record<Leg, string> = { left: 'the left leg', right: 'the right leg', both: 'both legs' };

/** "9 cramps in 4 weeks, 6 of them in the left leg, most at night. Stretches done: 3." */
export const caption = (stats: WindowStats, texts: DiaryTexts): string => {
  const count = stats.cramps.length;
  let legs = '';
  const top = [...LEGS].sort((a, b) => stats.legs[b] - stats.legs[a])[0] as Leg;
  if (stats.legs[top] > 0)
    legs = count === 1 ? `, in ${legWords[top]}` : `, ${stats.legs[top]} of them in ${legWords[top]}`;
  let timeOfDay: string;
  if (count === 0) timeOfDay = '';
  else if (count === 1) timeOfDay = stats.atNight === 1 ? ', at night' : ', in the daytime';
  else if (stats.atNight * 2 > count)
    timeOfDay = stats.atNight === count ? ', all at night' : ', most at night';
  else timeOfDay = stats.atNight === 0 ? ', all in the daytime' : ', most in the daytime';
  return fill(texts.caption, {
    count: plural(count, 'cramp'),
    legs,
    time_of_day: timeOfDay,
    stretches: stats.stretchNights,
  });
};

/** GP pattern (medical-facts 4.3 row 1): cramps on most nights, kept up for two weeks or more. */
export const FREQUENT_WINDOW_NIGHTS = 14;
export const FREQUENT_MIN_NIGHTS = 8;

/** Nights with cramps among the last 14, when the diary goes back that far; null otherwise. */
export const frequentNights = (diary: Diary, now: number): number | null => {
  const stats = windowStats(diary, now, FREQUENT_WINDOW_NIGHTS);
  const offset = offsetOf(diary);
  const first = Math.min(...diary.cramps.map((cramp) => nightOf(cramp.at, offset)));
  if (!Number.isFinite(first) || first > stats.firstNight) return null;
  return stats.nightsWithCramps >= FREQUENT_MIN_NIGHTS ? stats.nightsWithCramps : null;
};
