import { describe, expect, it } from 'vitest';
import { loadRedFlags } from '../../src/engine/triage/index.js';
import { candidatesFor } from '../../src/engine/triage/match.js';
import { foldAnsweredDenials } from '../../src/engine/triage/negation.js';

/** The fold as it was written before its quick check: the reference the quick check must agree with. */
const ANSWERED_NO = /([^.?!\n]*[^\s.?!])\s*\?+\s*(no|nope|nah|none|нет|неа|не-а)\s*(?=[.!,;:)\n]|$)/giu;
const reference = (text: string): string =>
  text.replace(
    ANSWERED_NO,
    (_, asked: string, no: string) => `${/^[a-z]/i.test(no) ? 'no' : 'нет'} ${asked.trim()}.`,
  );

describe('foldAnsweredDenials quick check', () => {
  const texts = [
    'chest pain? no. short of breath? no. just a cramp',
    'chest pain?? NO',
    'chest pain ?  nope, calf is sore',
    'голова кружится? нет.',
    'кружится? неа) и всё',
    'is it a clot? not sure',
    'is it a clot? now my calf hurts',
    '? no',
    'what is this?',
    'no? no!',
    'why does my calf cramp at night? none of the stretches help',
    'leg hot?\nno\nok',
    'тромб? не-а',
    'a long question about cramps that asks something but answers nothing at all, does it? it does',
    '',
  ];
  it.each(texts)('folds %j as the full pattern does', (text) => {
    expect(foldAnsweredDenials(text)).toBe(reference(text));
  });
});

describe('candidatesFor skips the stems only where they read nothing', () => {
  const { matcher } = loadRedFlags('knowledge/red-flags');
  /** What the stems alone read a word as, worked out the long way. */
  const stemReadings = (word: string): string[] => {
    const out: string[] = [];
    for (const stem of matcher.stemmers) {
      const stemmed = stem(word);
      if (matcher.stems.has(`=${stemmed}`)) out.push(`=${stemmed}`);
      else for (const near of matcher.stemFuzzy?.lookupUnmemoised(stemmed) ?? []) out.push(`=${near}`);
    }
    return out;
  };
  const words = [
    ...['cramp', 'crmap', 'cramb', 'crampp', 'workout', 'workuot', 'wrkout', '10', '103', '112', '1o3'],
    ...['calf', 'swolen', 'breathless', 'numbness', 'legs', 'a', 'xyzzy', 'судорога', 'свело', 'ногу'],
    ...['кржуится', 'дыштаь', 'cramp5', 'workouts'],
  ];
  it.each(words)('keeps every stem reading of %j', (word) => {
    const found = candidatesFor(word, matcher);
    for (const key of stemReadings(word)) expect(found).toContain(key);
  });
  it('reads some of the Latin words by a stem, so the check above tests something', () => {
    expect(
      words.filter((word) => /^[a-z0-9]+$/.test(word) && stemReadings(word).length > 0).length,
    ).toBeGreaterThan(2);
  });
});
