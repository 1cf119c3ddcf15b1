import { describe, expect, it } from 'vitest';
import { maySplit, sentencesOf } from '../../src/engine/match/sentences.js';
import { loadDevSet } from '../../src/eval/datasets.js';

/** Every text a shortcut is checked on: the dev set, and odd shapes of sentence ends and spaces. */
const dev = loadDevSet();
const texts = [
  ...[...dev.inScope, ...dev.outOfScope, ...dev.triage].map((item) => item.text),
  '',
  '   ',
  '?',
  '... hello',
  'hello ...',
  'hello . . !',
  'hello . world',
  'hello\nworld',
  'hello…world',
  'hello ?? ,',
  'hello ? 🙂',
  '.hello.',
  'a.b',
  'one two three four five six seven eight nine ten eleven twelve? thirteen',
];

describe('sentence split shortcut', () => {
  it('says a text cannot split only when it reads as fewer than two sentences', () => {
    for (const text of texts) if (!maySplit(text)) expect(sentencesOf(text).length, text).toBeLessThan(2);
  });

  it('lets several sentences through', () => {
    expect(maySplit('my calf hurts. what do I do?')).toBe(true);
    expect(maySplit('my calf hurts and what do I do?')).toBe(false);
  });
});
