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

export interface EmergencyContact {
  number: string;
  country: string;
  /** Non-emergency medical advice line, where the country has one. */
  advice: string | undefined;
}

export const emergencyContact = (kb: KnowledgeBase, state: ConversationState): EmergencyContact => {
  const code =
    state.country && kb.countries.byCode.has(state.country) ? state.country : kb.countries.defaultCode;
  const country = kb.countries.byCode.get(code);
  if (!country) throw new Error(`emergency number for "${code}" is missing`);
  return { number: country.number, country: country.name, advice: country.advice };
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
  const values = { number: contact.number, advice: contact.advice ?? contact.number };
  // Rules of the same (top) level are all shown: "swollen calf" and "can't breathe" need both warnings.
  const sameLevel = rules.filter((rule) => rule.level === top.level);
  const text = sameLevel.map((rule) => fill(rule.reply, values)).join('\n\n');
  return {
    kind: 'escalation',
    text: `${LEVEL_PREFIX[top.level]}${text}`,
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
    text: fill(variant?.answer ?? answer.answer, { number: contact.number }),
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
  const sources = answer.sources
    .map((source) => `• ${source.title} (${source.publisher}): ${source.url}`)
    .join('\n');
  const contact = emergencyContact(kb, state);
  return {
    kind: 'details',
    text: `${fill(body, { number: contact.number })}\n\nSources:\n${sources}`,
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
    text: `${LEVEL_PREFIX[reply.level]}${fill(reply.text, { number: contact.number })}`,
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
