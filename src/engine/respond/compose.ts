import type { KnowledgeBase } from '../kb/load.js';
import type { Followup } from '../kb/schema.js';
import type { RedFlagRule } from '../triage/index.js';
import type { ConversationState, Level, OutMessage, QuickReply } from '../types.js';
import { encodeAction } from './actions.js';

/** Builds the messages the engine sends; pure functions of the knowledge base and the state. */

const LEVEL_PREFIX: Record<Level, string> = {
  emergency: '🚨 EMERGENCY: ',
  urgent: '⚠️ See a doctor today: ',
  gp: '🩺 ',
  none: '',
};

/** The level's prefix in the knowledge base's language (messages file), else English. */
const levelPrefix = (kb: KnowledgeBase, level: Level): string =>
  (level === 'emergency'
    ? kb.messages.emergency_prefix
    : level === 'urgent'
      ? kb.messages.urgent_prefix
      : null) ?? LEVEL_PREFIX[level];

export interface EmergencyContact {
  number: string;
  country: string;
  /** Non-emergency medical advice line, where the country has one. */
  advice: string | undefined;
  /** The number as the text names it: "103 или 112" in Russian for Russia (messages `spoken_numbers`). */
  spoken: string;
}

export const emergencyContact = (kb: KnowledgeBase, state: ConversationState): EmergencyContact => {
  const code =
    state.country && kb.countries.byCode.has(state.country) ? state.country : kb.countries.defaultCode;
  const country = kb.countries.byCode.get(code);
  if (!country) throw new Error(`emergency number for "${code}" is missing`);
  const spoken = kb.messages.spoken_numbers?.[code] ?? country.number;
  const name = kb.messages.country_names?.[code] ?? country.name;
  return { number: country.number, country: name, advice: country.advice, spoken };
};

export const fill = (template: string, values: Record<string, string>): string =>
  template
    .replace(
      /\{(\w+)\}/g,
      (whole, key: string) => (Object.hasOwn(values, key) ? values[key] : undefined) ?? whole,
    )
    .trim();

const followupButtons = (owner: string, followups: Followup[]): QuickReply[] =>
  followups.map((followup) => ({
    label: followup.question,
    data: encodeAction({ kind: 'followup', owner, followup: followup.id }),
  }));

export const topicButton = (kb: KnowledgeBase, intent: string): QuickReply => ({
  label: kb.answers.get(intent)?.title ?? intent,
  data: encodeAction({ kind: 'intent', id: intent }),
});

export const menuButton = (kb: KnowledgeBase): QuickReply => ({
  label: kb.messages.topics_button,
  data: 'm',
});

export const escalation = (
  kb: KnowledgeBase,
  state: ConversationState,
  rules: RedFlagRule[],
  extraButtons: QuickReply[] = [],
): OutMessage => {
  const [top] = rules;
  if (!top) throw new Error('escalation needs at least one rule');
  const contact = emergencyContact(kb, state);
  const values = { number: contact.spoken, advice: contact.advice ?? contact.number };
  // Rules of the same (top) level are all shown: "swollen calf" and "can't breathe" need both warnings.
  const sameLevel = rules.filter((rule) => rule.level === top.level);
  const text = sameLevel.map((rule) => fill(rule.reply, values)).join('\n\n');
  return {
    kind: 'escalation',
    text: `${levelPrefix(kb, top.level)}${text}`,
    level: top.level,
    buttons: extraButtons,
    emergencyNumber: contact.number,
  };
};

export const answerMessage = (kb: KnowledgeBase, state: ConversationState, intent: string): OutMessage => {
  const answer = kb.answers.get(intent);
  if (!answer) throw new Error(`no answer for intent "${intent}"`);
  const variant = state.lastIntent ? answer.contexts[state.lastIntent] : undefined;
  const hasDetails = Boolean(variant?.details ?? answer.details);
  const contact = emergencyContact(kb, state);
  return {
    kind: 'answer',
    text: fill(variant?.answer ?? answer.answer, { number: contact.spoken }),
    level: 'none',
    buttons: [
      ...followupButtons(intent, answer.followups),
      ...(hasDetails
        ? [{ label: kb.messages.details_button, data: encodeAction({ kind: 'details', id: intent }) }]
        : []),
    ],
  };
};

export const detailsMessage = (kb: KnowledgeBase, state: ConversationState, intent: string): OutMessage => {
  const answer = kb.answers.get(intent);
  if (!answer) throw new Error(`no answer for intent "${intent}"`);
  const variant =
    state.lastIntent && state.lastIntent !== intent ? answer.contexts[state.lastIntent] : undefined;
  const body = variant?.details ?? answer.details ?? answer.answer;
  const sources = answer.sources.map((source) => `• ${source.name}: ${source.url}`).join('\n');
  const contact = emergencyContact(kb, state);
  return {
    kind: 'details',
    text: `${fill(body, { number: contact.spoken })}\n\n${kb.messages.sources_heading ?? 'Sources:'}\n${sources}`,
    level: 'none',
    buttons: followupButtons(intent, answer.followups),
  };
};

export const replyMessage = (kb: KnowledgeBase, state: ConversationState, replyId: string): OutMessage => {
  const reply = kb.replies.get(replyId);
  if (!reply) throw new Error(`no reply "${replyId}"`);
  const contact = emergencyContact(kb, state);
  return {
    kind: 'answer',
    text: `${levelPrefix(kb, reply.level)}${fill(reply.text, { number: contact.spoken })}`,
    level: reply.level,
    buttons: followupButtons(replyId, reply.followups),
    ...(reply.level === 'emergency' || reply.level === 'urgent' ? { emergencyNumber: contact.number } : {}),
  };
};

/** The question of a follow-up with its options as buttons. `owner` is an intent id or a reply id. */
export const followupMessage = (kb: KnowledgeBase, owner: string, followupId: string): OutMessage | null => {
  const followups = kb.answers.get(owner)?.followups ?? kb.replies.get(owner)?.followups ?? [];
  const followup = followups.find((candidate) => candidate.id === followupId);
  if (!followup) return null;
  return {
    kind: 'followup',
    text: followup.question,
    level: 'none',
    buttons: followup.options.map((option) => ({
      label: option.label,
      data:
        'intent' in option
          ? encodeAction({ kind: 'intent', id: option.intent })
          : 'reply' in option
            ? encodeAction({ kind: 'reply', id: option.reply })
            : encodeAction({ kind: 'redflag', id: option.redflag }),
    })),
  };
};

export const info = (
  text: string,
  buttons: QuickReply[] = [],
  kind: OutMessage['kind'] = 'info',
): OutMessage => ({
  kind,
  text,
  level: 'none',
  buttons,
});
