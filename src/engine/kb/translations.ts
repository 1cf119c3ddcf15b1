/**
 * What each language the bot speaks still lacks, topic by topic. A topic with no answer or no examples
 * in a spoken language fails (the bot would answer that language in English, or not understand it); a
 * missing detail text, reply or follow-up is reported so a curator can see it, without failing.
 */
import { type KnowledgeBase, OUT_OF_SCOPE_INTENT } from './load.js';

/** Fewer examples than this in a language are reported (matching needs everyday variety). */
export const MIN_TRANSLATED_EXAMPLES = 15;

export interface TranslationRow {
  lang: string;
  intent: string;
  examples: number;
  /** Missing texts that make the topic unusable in this language. */
  problems: string[];
  /** Missing texts the topic can do without (details, replies, follow-ups). */
  notes: string[];
}

export const translationCoverage = (kb: KnowledgeBase): TranslationRow[] => {
  const rows: TranslationRow[] = [];
  for (const [lang, translation] of kb.translations) {
    for (const [id, intent] of kb.intents) {
      const examples = intent.examples.get(lang)?.length ?? 0;
      const row: TranslationRow = { lang, intent: id, examples, problems: [], notes: [] };
      if (examples === 0) row.problems.push(`no ${lang} examples (intents/${id}.${lang}.yaml)`);
      else if (examples < MIN_TRANSLATED_EXAMPLES) row.notes.push(`only ${examples} ${lang} examples`);
      if (id !== OUT_OF_SCOPE_INTENT) {
        const english = kb.answers.get(id);
        const own = translation.own.get(id);
        if (!own) row.problems.push(`no ${lang} answer (knowledge/answers/${lang}/${id}.yaml)`);
        else if (english) {
          if (english.details && !own.details) row.notes.push('no details');
          if (own.followups.length < english.followups.length)
            row.notes.push(`${english.followups.length - own.followups.length} follow-ups missing`);
          for (const reply of Object.keys(english.replies))
            if (!own.replies[reply]) row.notes.push(`reply ${reply} missing`);
        }
      }
      rows.push(row);
    }
  }
  return rows;
};
