import { describe, expect, it } from 'vitest';
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
