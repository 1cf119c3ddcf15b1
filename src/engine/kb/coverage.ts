import { type KnowledgeBase, OUT_OF_SCOPE_INTENT } from './load.js';

/** The topics crampbot must cover ; kb:lint and the tests hold the knowledge base to this list. */
export const REQUIRED_INTENTS = [
  'greeting',
  'thanks',
  'bot_capabilities',
  'what_is_cramp',
  'causes',
  'night_cramps',
  'exercise_cramps',
  'stretch_trigger',
  'walking_pain',
  'first_aid',
  'after_cramp_soreness',
  'prevention',
  'exercises',
  'minerals_diet',
  'hydration',
  'supplements',
  'medicines',
  'drug_side_effects',
  'ointments',
  'home_remedies',
  'pregnancy',
  'children',
  'older_adults',
  'women',
  'swimming',
  'alcohol',
  'heat_cold',
  'veins',
  'diseases',
  'sedentary_standing',
  'feet_toes',
  'see_doctor',
] as const;

export const MIN_EXAMPLES = 20;
export const MIN_FOLLOWUPS = 2;
export const ANSWER_AIM_CHARS = 600;
/** Answers older than this should be reviewed again. */
export const REVIEW_MAX_AGE_DAYS = 365;

export interface IntentCoverage {
  intent: string;
  examples: number;
  answerChars: number;
  followups: number;
  sources: number;
  contexts: number;
  replies: number;
  reviewed: string;
  /** What keeps the intent from being complete; empty when complete. */
  problems: string[];
  /** Worth a look but not blocking. */
  notes: string[];
}

export const intentCoverage = (kb: KnowledgeBase, today = new Date()): IntentCoverage[] => {
  const ids = [...new Set<string>([...REQUIRED_INTENTS, ...kb.intents.keys()])].filter(
    (id) => id !== OUT_OF_SCOPE_INTENT,
  );
  return ids.map((intent) => {
    const examples = [...(kb.intents.get(intent)?.examples.values() ?? [])].reduce(
      (sum, list) => sum + list.length,
      0,
    );
    const answer = kb.answers.get(intent);
    const problems: string[] = [];
    const notes: string[] = [];
    if (!answer) problems.push('no answer file');
    if (examples < MIN_EXAMPLES) problems.push(`${examples} examples (needs ${MIN_EXAMPLES})`);
    if (answer && answer.followups.length < MIN_FOLLOWUPS)
      problems.push(`${answer.followups.length} follow-ups (needs ${MIN_FOLLOWUPS})`);
    if (answer && answer.answer.length > ANSWER_AIM_CHARS)
      notes.push(`answer is ${answer.answer.length} chars (aim < ${ANSWER_AIM_CHARS})`);
    if (answer) {
      const ageDays = (today.getTime() - new Date(answer.reviewed).getTime()) / 86_400_000;
      if (ageDays > REVIEW_MAX_AGE_DAYS) notes.push(`reviewed ${answer.reviewed}, due for review`);
    }
    return {
      intent,
      examples,
      answerChars: answer?.answer.length ?? 0,
      followups: answer?.followups.length ?? 0,
      sources: answer?.sources.length ?? 0,
      contexts: Object.keys(answer?.contexts ?? {}).length,
      replies: Object.keys(answer?.replies ?? {}).length,
      reviewed: answer?.reviewed ?? '-',
      problems,
      notes,
    };
  });
};
