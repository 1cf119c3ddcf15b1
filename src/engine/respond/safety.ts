/**
 * The safety question: when a message holds words of alarm but no rule settles the level, one short
 * question with buttons comes before any self-care advice. Each button gives the reply of its level;
 * "None of these" carries on with the topic the message was about.
 */
import type { KnowledgeBase } from '../kb/load.js';
import type { RedFlagRule } from '../triage/index.js';
import type { OutMessage } from '../types.js';
import { encodeAction } from './actions.js';

const questionOf = (kb: KnowledgeBase) => kb.redFlags.sources.context?.data.safety_question;

/** Whether the knowledge base has a safety question to ask, and the matched topic does not ask it itself. */
export const canAsk = (kb: KnowledgeBase, intent: string | null = null): boolean => {
  const question = questionOf(kb);
  return question !== undefined && !(intent !== null && question.answered_by.includes(intent));
};

export const safetyQuestion = (kb: KnowledgeBase, intent: string | null): OutMessage => {
  const question = questionOf(kb);
  if (!question) throw new Error('no safety_question in knowledge/red-flags/context.yaml');
  return {
    kind: 'followup',
    text: question.text,
    level: 'none',
    buttons: question.options.map((option) => ({
      label: option.label,
      data: encodeAction({
        kind: 'safety',
        option: option.id,
        // Only "carry on" buttons need the topic; the data stays far under Telegram's 64 bytes.
        ...(option.rules.length === 0 && intent ? { intent } : {}),
      }),
    })),
  };
};

/** What the bot says after "None of these" when there is no topic to carry on with. */
export const carryOnText = (kb: KnowledgeBase): string => questionOf(kb)?.carry_on ?? '';

/** The rules a button stands for; empty for "None of these"; null for a button that no longer exists. */
export const safetyRules = (kb: KnowledgeBase, optionId: string): RedFlagRule[] | null => {
  const option = questionOf(kb)?.options.find((item) => item.id === optionId);
  if (!option) return null;
  return option.rules
    .map((id) => kb.redFlags.byId.get(id))
    .filter((rule): rule is RedFlagRule => rule !== undefined);
};
