import { describe, expect, it } from 'vitest';
import { clauses, normalise, pieces, tokens } from '../../src/engine/normalise/index.js';

/**
 * 3,000 texts of random pieces and separators: each must read the same as with an invisible character added,
 * which sends it down the general path (regular expressions), where the character is deleted.
 */
const expectSameAsGeneralPath = (pieces: readonly string[], separators: readonly string[], start: number) => {
  let seed = start;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let k = 0; k < 3000; k++) {
    let text = '';
    const count = 1 + next(8);
    for (let i = 0; i < count; i++)
      text += (pieces[next(pieces.length)] as string) + separators[next(separators.length)];
    expect(normalise(text)).toBe(normalise(`${text}\u200b`));
  }
};

describe('normalise', () => {
  it('lower-cases, drops emoji and punctuation, keeps sentence boundaries', () => {
    expect(normalise('Why do my calves CRAMP at night?? 😭')).toBe('why do my calves cramp at night |');
  });

  it('keeps a decimal number whole and in its sentence, with a point or a comma', () => {
    expect(clauses(normalise('Temp 40.2 now. Legs cramping'))).toEqual([
      ['temp', '40.2', 'now'],
      ['legs', 'cramping'],
    ]);
    expect(normalise('температура 39,5, ноги сводит')).toBe('температура 39.5 | ноги сводит');
    expect(tokens(normalise('cramp for 2.5hrs'))).toEqual(['cramp', 'for', '2.5', 'hrs']);
  });

  it('turns meaningful emoji into words', () => {
    expect(tokens(normalise('cramp 🦵🌙'))).toEqual(['cramp', 'leg', 'night']);
  });

  it('reads 🙏 as thanks on its own, and as a polite "please" at the end of a question', () => {
    expect(tokens(normalise('ok 🙏'))).toEqual(['ok', 'thanks']);
    expect(tokens(normalise('how do I stop them for good 🙏'))).toEqual([
      'how',
      'do',
      'i',
      'stop',
      'them',
      'for',
      'good',
    ]);
  });

  it('expands contractions so that "not" is its own word', () => {
    expect(tokens(normalise("I can't breathe and it won't stop"))).toEqual([
      'i',
      'can',
      'not',
      'breathe',
      'and',
      'it',
      'will',
      'not',
      'stop',
    ]);
    expect(tokens(normalise('I don’t have a fever'))).toEqual(['i', 'do', 'not', 'have', 'a', 'fever']);
  });

  it('maps British spellings and common misspellings to one form', () => {
    expect(tokens(normalise('Anaemia and oedema'))).toEqual(['anemia', 'and', 'edema']);
    expect(tokens(normalise('claf cramo at nite, pregnent'))).toEqual([
      'calf',
      'cramp',
      'at',
      'night',
      'pregnant',
    ]);
  });

  it('reads a number typed against its unit as two words, and leaves other digits in words alone', () => {
    expect(normalise('my 5yo has cramps for 30mins after 10km')).toBe(
      'my 5 yo has cramps for 30 mins after 10 km',
    );
    expect(normalise('икру свело 20мин назад')).toBe('икру свело 20 мин назад');
    expect(normalise('vitamin b12 and covid19')).toBe('vitamin b12 and covid19');
  });

  it('squeezes letters typed many times', () => {
    expect(tokens(normalise('sooooo painfullll'))).toEqual(['soo', 'painfull']);
  });

  it('deletes invisible characters inside words and spaces out control characters', () => {
    expect(normalise('cal\u200bf\u0007cramp swo\u00adllen')).toBe('calf cramp swollen');
  });

  it('treats a line break as the end of a sentence', () => {
    expect(normalise('what should I do\ncalf swollen')).toBe('what should i do | calf swollen');
  });

  it('splits clauses at commas and sentence ends', () => {
    expect(clauses(normalise('No swelling, but my calf is hot. Help!'))).toEqual([
      ['no', 'swelling'],
      ['but', 'my', 'calf', 'is', 'hot'],
      ['help'],
    ]);
  });

  it('drops possessive endings', () => {
    expect(tokens(normalise("my calf's tight"))).toEqual(['my', 'calf', 'tight']);
  });

  it('cuts input at 4,096 characters', () => {
    expect(normalise('a '.repeat(10_000)).length).toBeLessThanOrEqual(4096);
  });

  it('reads plain ASCII in its one pass exactly as the general path does', () => {
    // An invisible character sends a text down the general path (regular expressions) and is deleted
    // there, so both readings of the same ASCII text must agree.
    const pieces = [
      'calf',
      'CRAMP',
      "don't",
      "'",
      '`',
      '30mins',
      '|',
      '&',
      '.',
      '..',
      ',',
      '?!',
      '(',
      ')',
      ':',
      ';',
    ];
    expectSameAsGeneralPath(pieces, [' ', '  ', '-', '/', '"', '#', '_', '~', '*', ''], 7);
  });

  it('reads ASCII with Russian letters in its one pass exactly as the general path does', () => {
    const pieces = [
      'Судорога',
      'НОГИ',
      'ёлка',
      'ЁЖ',
      'сводит',
      '20мин',
      'calf',
      "не'",
      '39,5',
      '.',
      ',',
      '?!',
      '|',
    ];
    expectSameAsGeneralPath(pieces, [' ', '  ', '-', '/', '"', '_', ''], 11);
  });

  it('hands out the pieces of a text it just normalised exactly as splitting it would', () => {
    for (const text of [
      "Can't sleep, calf's cramping 30mins!!",
      'Ça fait mal 🦵 aux mollets.',
      '...',
      '',
      'ok',
    ]) {
      // Texts no other test normalises, so each is new to the memo.
      const normalised = normalise(`${text} (pieces of a new text)`);
      expect([...pieces(normalised)]).toEqual(normalised.split(' '));
    }
  });
});
