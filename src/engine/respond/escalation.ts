/**
 * The red-flag reply. One message whatever fired: the most severe level, labelled once; one rule gives
 * its own reply, several give one short line each and the call to action once. Urgent replies send
 * people to be seen today (with the UK's 111 for UK users); the emergency number comes second.
 */
import type { KnowledgeBase } from '../kb/load.js';
import { TwoKeyMemo } from '../normalise/memo.js';
import { extended } from '../objects.js';
import type { RedFlagRule } from '../triage/index.js';
import type { ConversationState, Level, OutMessage, QuickReply } from '../types.js';
import {
  type EmergencyContact,
  emergencyContact,
  fill,
  keptValues,
  perCountry,
  withNextSteps,
} from './compose.js';

/**
 * A mark, not a header: the web chat shows its own banner ("Emergency: act now") and Telegram keeps this
 * mark at the start, so the alert is labelled once and its first words are what to do.
 */
const MARK: Record<Exclude<Level, 'none'>, string> = {
  emergency: '🚨 ',
  urgent: '⚠️ ',
  gp: '🩺 ',
};

/** The paragraph that says what to do, per level: it goes first. */
const ACTION: Record<Exclude<Level, 'none'>, RegExp> = {
  emergency: /call \d+ now/i,
  urgent: /today|now, not tomorrow/i,
  gp: /appointment/i,
};

/** Puts the paragraph with the main action first ("Call 112 now..." before why). */
const actionFirst = (level: Exclude<Level, 'none'>, body: string): string => {
  const paragraphs = body.split('\n\n');
  const at = paragraphs.findIndex((paragraph) => ACTION[level].test(paragraph));
  if (at <= 0) return body;
  const [action] = paragraphs.splice(at, 1);
  return [action, ...paragraphs].join('\n\n');
};

/** The country's crisis line (medical-facts 6.2), as a sentence, or nothing where none is listed. */
const crisisSentence = (contact: EmergencyContact & { crisis?: string | undefined }): string =>
  contact.crisis ? `You can also talk to ${contact.crisis}, any time.` : '';

const adviceSentence = (contact: EmergencyContact): string =>
  contact.advice ? `You can also call ${contact.advice} for advice today.` : '';

/** Fills a rule reply: {number}, {crisis}; tidies the gap an empty {crisis} leaves. */
export const fillReply = (
  reply: string,
  contact: EmergencyContact & { crisis?: string | undefined },
  /** `{ number, crisis }` for this contact, kept (see keptValues), when the caller has it. */
  values: Record<string, string> = { number: contact.spoken, crisis: crisisSentence(contact) },
): string => {
  // fill gives back the same string for the same template and values, so its tidied form is kept by it:
  // the same reply is then the same string every time, which the reply's de-duplication looks up.
  const filled = fill(reply, values);
  let tidied = tidiedReplies.get(filled);
  if (tidied === undefined) {
    tidied = filled.replace(/[ \t]+\n/g, '\n').replace(/ {2,}/g, ' ');
    if (tidiedReplies.size >= TIDIED_LIMIT) tidiedReplies.clear();
    tidiedReplies.set(filled, tidied);
  }
  return tidied;
};

/** Filled rule replies are knowledge-base texts with a user's numbers: few, bounded all the same. */
const TIDIED_LIMIT = 2000;
const tidiedReplies = new Map<string, string>();

const combined = (level: Exclude<Level, 'none'>, rules: RedFlagRule[], contact: EmergencyContact): string => {
  const reasons = rules.map((rule) => `• ${rule.reason ?? rule.title}`).join('\n');
  switch (level) {
    case 'emergency':
      return `Call ${contact.number} now for an ambulance. Don't drive yourself.\n\nThese signs can mean a serious problem:\n${reasons}\n\nFollow what the call handler tells you.`;
    case 'urgent':
      return [
        `This needs a doctor to look at it today, not next week:\n${reasons}`,
        `Contact your doctor for an urgent appointment, or an urgent care or out-of-hours service. ${adviceSentence(contact)}`.trim(),
        `If you get breathless, have chest pain, or it gets much worse, call ${contact.number}.`,
      ].join('\n\n');
    case 'gp':
      return `Worth a visit to your doctor in the coming days:\n${reasons}\n\nBook an appointment and mention these, and the medicines you take.`;
  }
};

/**
 * One rule's reply as shown, by its filled reply (the same string each time, see fillReply) and the level
 * and advice sentence: few of them, so each is laid out once. Bounded.
 */
const SINGLE_LIMIT = 2000;
const singleTexts = new TwoKeyMemo<string>(SINGLE_LIMIT);
const singleRuleText = (level: Exclude<Level, 'none'>, reply: string, advice: string): string => {
  const signature = `${level}\u0001${advice}`;
  const known = singleTexts.get(reply, signature);
  if (known !== undefined) return known;
  let body = reply;
  if (level === 'urgent' && advice) {
    // Next to where the reply says how to be seen today.
    const paragraphs = body.split('\n\n');
    const at = paragraphs.findIndex((paragraph, i) => i > 0 && /today|now, not tomorrow/i.test(paragraph));
    const target = Math.max(at, 0);
    paragraphs[target] = `${paragraphs[target]} ${advice}`;
    body = paragraphs.join('\n\n');
  }
  const text = `${MARK[level]}${actionFirst(level, body)}`;
  singleTexts.set(reply, signature, text);
  return text;
};

interface EscalationContact {
  contact: EmergencyContact;
  withCrisis: EmergencyContact & { crisis?: string | undefined };
  /** `{ number, crisis }` as fillReply fills rule replies with, kept. */
  replyValues: Record<string, string>;
}

/**
 * The contact an escalation reads depends on the knowledge base and the country code alone: made once per
 * country, then only read (never changed, never handed out).
 */
const escalationContact = perCountry((kb, state, code): EscalationContact => {
  const contact = emergencyContact(kb, state);
  const withCrisis = extended(contact, { crisis: kb.countries.byCode.get(code)?.crisis });
  return {
    contact,
    withCrisis,
    replyValues: keptValues({ number: contact.spoken, crisis: crisisSentence(withCrisis) }),
  };
});

export const escalation = (
  kb: KnowledgeBase,
  state: ConversationState,
  rules: RedFlagRule[],
  extraButtons: QuickReply[] = [],
  /** The topic a button-pressed warning came from, offered as the way back. */
  backTo: string | null = null,
): OutMessage => {
  const [top] = rules;
  if (!top) throw new Error('escalation needs at least one rule');
  const { contact, withCrisis, replyValues } = escalationContact(kb, state);
  // One rule (most warnings) is its own level's only rule: no set of those seen to build.
  const seen = rules.length === 1 ? null : new Set<string>();
  const sameLevel =
    seen === null
      ? rules
      : rules.filter((rule) => rule.level === top.level && !seen.has(rule.id) && seen.add(rule.id));
  if (kb.messages.emergency_prefix !== undefined) {
    // A translation (it brings its own level labels): the top rule's reply in full, which holds the call to
    // action once, and the other rules of that level by their titles, under a heading so the list does not
    // read as part of the first reply.
    const prefix =
      top.level === 'emergency'
        ? kb.messages.emergency_prefix
        : top.level === 'urgent'
          ? (kb.messages.urgent_prefix ?? '')
          : MARK[top.level];
    const others = sameLevel.slice(1).map((rule) => `• ${rule.title}`);
    const otherSigns =
      others.length === 0
        ? []
        : [[kb.messages.other_signs_heading, ...others].filter((line) => line !== undefined).join('\n')];
    return {
      kind: 'escalation',
      text: `${prefix}${[fillReply(top.reply, withCrisis, replyValues), ...otherSigns].join('\n\n')}`,
      level: top.level,
      buttons: withNextSteps(kb, extraButtons, backTo),
      emergencyNumber: contact.number,
    };
  }
  const text =
    sameLevel.length === 1
      ? singleRuleText(top.level, fillReply(top.reply, withCrisis, replyValues), adviceSentence(contact))
      : `${MARK[top.level]}${combined(top.level, sameLevel, contact)}`;
  return {
    kind: 'escalation',
    text,
    level: top.level,
    buttons: withNextSteps(kb, extraButtons, backTo),
    emergencyNumber: contact.number,
  };
};
