/**
 * English word forms: "walks", "walked", "walking" and "walker" are read as "walk", "brownish" and
 * "darker" as "brown" and "dark", so the lexicons list one form of a word. Only forms that are themselves
 * lexicon words are used, and only when the message word is not a lexicon word already.
 */

/** Real words that only look like a form of a symptom word ("number" is not "more numb"). */
const NOT_FORMS: ReadonlySet<string> = new Set([
  ...['number', 'numbers', 'under', 'finger', 'fingers', 'corner', 'hotel', 'redeem', 'seated', 'seating'],
  ...['bleed', 'feed', 'need', 'reed', 'hoped', 'cooling', 'sunning', 'winning', 'colder'],
  // Limping is a gait, not a limp (floppy) body.
  ...['limping', 'limped', 'limps'],
]);

const SUFFIXES = ['ing', 'ed', 'er', 'est', 'ish', 'ly', 'es', 's', 'y'] as const;

const LATIN = /^[a-z]+$/;

/** Adds `form` to `out` when it may be a base form of `word` and is not there yet. */
const addForm = (out: string[], word: string, form: string): void => {
  if (form.length >= 3 && form !== word && !out.includes(form)) out.push(form);
};

/** Candidate base forms of `word`, most likely first; empty for short or non-English words. */
export const baseForms = (word: string): string[] => {
  if (word.length < 4 || !LATIN.test(word) || NOT_FORMS.has(word)) return [];
  // No closure per call: every word nothing else reads comes here.
  const out: string[] = [];
  if (word.endsWith('ies')) addForm(out, word, `${word.slice(0, -3)}y`);
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
    if (suffix === 's' && word.endsWith('ss')) continue;
    const stem = word.slice(0, -suffix.length);
    addForm(out, word, stem);
    addForm(out, word, `${stem}e`);
    const last = stem.charAt(stem.length - 1);
    if (last === stem.charAt(stem.length - 2) && !'aeiouls'.includes(last))
      addForm(out, word, stem.slice(0, -1));
    if (last === 'i') addForm(out, word, `${stem.slice(0, -1)}y`);
  }
  return out;
};
