import { describe, expect, it } from 'vitest';
import { createIdiomRewriter } from '../../src/engine/match/idioms.js';
import { createSpellingCorrector, editDistance } from '../../src/engine/match/spelling.js';
import { ageTerm, stem, termsOf } from '../../src/engine/match/terms.js';
import { FuzzyIndex } from '../../src/engine/normalise/fuzzy.js';
import { decodeAction, encodeAction } from '../../src/engine/respond/actions.js';

describe('stemming', () => {
  it('folds plural and verb endings onto one term', () => {
    expect(['cramps', 'cramping', 'cramped'].map(stem)).toEqual(['cramp', 'cramp', 'cramp']);
    expect(['calves', 'running', 'stretches', 'stopped'].map(stem)).toEqual([
      'calf',
      'run',
      'stretch',
      'stop',
    ]);
  });

  it('keeps content words and their bigrams, drops function words', () => {
    expect(termsOf(['why', 'do', 'my', 'calves', 'cramp', 'at', 'night'])).toEqual({
      unigrams: ['why', 'calf', 'cramp', 'night'],
      bigrams: ['why_calf', 'calf_cramp', 'cramp_night'],
    });
  });
});

describe('spelling correction', () => {
  const speller = createSpellingCorrector([
    'magnesium',
    'pregnant',
    'calf',
    'cramp',
    'stretching',
    'swimming',
  ]);

  it('corrects words one or two typos away from the vocabulary', () => {
    expect(speller.correct('magnesiun')).toBe('magnesium');
    expect(speller.correct('stertching')).toBe('stretching');
    expect(speller.correct('swiming')).toBe('swimming');
  });

  it('gives a word seen again (kept correction) the same answer, with a prebuilt index too', () => {
    const words = ['magnesium', 'pregnant', 'calf', 'cramp', 'stretching', 'swimming'];
    const prebuilt = createSpellingCorrector(words, new Set(), new FuzzyIndex(words, []));
    for (const typo of ['magnesiun', 'swiming', 'weather', 'crmap', 'rcamp', 'clf', 'magnesiun', 'swiming']) {
      expect(speller.correct(typo)).toBe(speller.correct(typo));
      expect(prebuilt.correct(typo)).toBe(speller.correct(typo));
    }
    expect(prebuilt.correct('swiming')).toBe('swimming');
  });

  it('leaves unknown words alone when nothing is close', () => {
    expect(speller.correct('weather')).toBe('weather');
    expect(speller.correct('paris')).toBe('paris');
  });

  it('keeps a real word as typed, though it may take another form of itself', () => {
    const withRealWords = createSpellingCorrector(['locks', 'bruised'], new Set(['looks', 'bruise']));
    expect(withRealWords.correct('looks')).toBe('looks');
    expect(withRealWords.correct('lcoks')).toBe('locks');
    expect(withRealWords.correct('bruise')).toBe('bruised');
  });

  it('never corrects very short words', () => {
    expect(speller.correct('caf')).toBe('caf');
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('calf', 'claf', 2)).toBe(1);
    expect(editDistance('cramp', 'xxxxxxxxxx', 2)).toBe(3);
  });
});

describe('button actions', () => {
  it('round-trips every action kind', () => {
    for (const action of [
      { kind: 'intent', id: 'night_cramps' },
      { kind: 'reply', id: 'night_cramps_frequent' },
      { kind: 'redflag', id: 'dvt' },
      { kind: 'details', id: 'pregnancy' },
      { kind: 'followup', owner: 'night_cramps', followup: 'how_often' },
      { kind: 'country', code: 'GB' },
      { kind: 'menu' },
    ] as const) {
      expect(decodeAction(encodeAction(action))).toEqual(action);
    }
  });

  it('rejects forged, malformed and oversized data', () => {
    for (const data of [
      '',
      'x:night',
      'i:Night',
      'i:../../etc',
      `i:${'a'.repeat(80)}`,
      'c:gb',
      'i:a b',
      42,
      null,
    ]) {
      expect(decodeAction(data)).toBeNull();
    }
  });
});

describe('ages', () => {
  const age = (text: string) =>
    text
      .split(' ')
      .map((_, i, words) => ageTerm(words, i))
      .filter(Boolean);

  it('reads ages next to an age word as older adult or child', () => {
    expect(age('she is 91 and cramps')).toEqual(['elderly']);
    expect(age('leg cramps in the over 70s')).toEqual(['elderly']);
    expect(age('my 6 year old son')).toEqual(['child']);
  });

  it('leaves other numbers alone', () => {
    expect(age('i can walk 100 m before my calf hurts')).toEqual([]);
    expect(age('cramp for 30 minutes')).toEqual([]);
  });
});

describe('idiom rewrites with number slots', () => {
  const rewriter = createIdiomRewriter({
    rewrites: [
      { means: 'elderly', phrases: ['grandpa #60-110'] },
      { means: 'for a while', phrases: ['for # weeks'] },
    ],
    people_words: [],
  });
  const rewrite = (text: string) => rewriter.rewrite(text.split(' ')).join(' ');

  it('rewrites a number in its range and leaves one outside it alone', () => {
    expect(rewrite('grandpa 88 gets cramps')).toBe('elderly gets cramps');
    expect(rewrite('grandpa 8 gets cramps')).toBe('grandpa 8 gets cramps');
  });

  it('still reads any number, in digits or words, for a plain slot', () => {
    expect(rewrite('cramps for 3 weeks')).toBe('cramps for a while');
    expect(rewrite('cramps for three weeks')).toBe('cramps for a while');
  });
});
