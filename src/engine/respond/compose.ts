import type { KnowledgeBase } from '../kb/load.js';
import type { Followup } from '../kb/schema.js';
import { boundedMemo, TwoKeyMemo } from '../normalise/memo.js';
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

/**
 * Filled templates by template and values: templates are the knowledge base's texts and the values a
 * user's emergency numbers, so there are few; bounded all the same. Filling the same template the same way
 * also gives the same string back, which the reply's sentence de-duplication looks up by text.
 */
const FILLED_LIMIT = 2000;
const filled = new TwoKeyMemo<string>(FILLED_LIMIT);

/**
 * Filled templates by the values object itself, for the values `templateValues` and `numberValues` keep per
 * knowledge base and country: one lookup by identity and one by a knowledge-base string, with no signature
 * string built per call. The same texts as `filled` holds (fill is a function of the values' content).
 */
const filledByValues = new WeakMap<Record<string, string>, Map<string, string>>();

/** Marks `values` as kept (never changed), so fill may look its texts up by the object. */
export const keptValues = <T extends Record<string, string>>(values: T): T => {
  filledByValues.set(values, new Map());
  return values;
};

export const fill = (template: string, values: Record<string, string>): string => {
  const byTemplate = filledByValues.get(values);
  if (byTemplate !== undefined) {
    let text = byTemplate.get(template);
    if (text === undefined) {
      text = filledBySignature(template, values);
      if (byTemplate.size >= FILLED_LIMIT) byTemplate.clear();
      byTemplate.set(template, text);
    }
    return text;
  }
  return filledBySignature(template, values);
};

const filledBySignature = (template: string, values: Record<string, string>): string => {
  let signature = '';
  for (const key in values) signature += `${key}\u0001${values[key]}\u0002`;
  const known = filled.get(template, signature);
  if (known !== undefined) return known;
  const text = fillUncached(template, values);
  filled.set(template, signature, text);
  return text;
};

const fillUncached = (template: string, values: Record<string, string>): string =>
  template
    .replace(
      /\{(\w+)\}/g,
      (whole, key: string) => (Object.hasOwn(values, key) ? values[key] : undefined) ?? whole,
    )
    // A placeholder that is empty for this user ({advice_note} outside the UK) leaves no gap behind.
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .trim();

/**
 * What every shown text may use: {number} (emergency), {advice} (the advice line, or the emergency number
 * where there is none) and {advice_note} (a sentence naming the advice line, empty where there is none).
 */
export const templateValues = (kb: KnowledgeBase, state: ConversationState): Record<string, string> =>
  contactValues(kb, state).template;

/** `{ number }` alone: the emergency number as the text names it (the disclaimer, the /emergency reply). */
export const numberValues = (kb: KnowledgeBase, state: ConversationState): Record<string, string> =>
  contactValues(kb, state).number;

interface ContactValues {
  template: Record<string, string>;
  number: Record<string, string>;
}

/** Codes of the knowledge base's countries: few; bounded all the same. */
const PER_COUNTRY_LIMIT = 256;

/**
 * Values that depend on the knowledge base and the country code alone, made once per country a knowledge
 * base has (a handful) and then only read, never changed: fill then finds its texts by the object.
 */
export const perCountry = <T>(
  build: (kb: KnowledgeBase, state: ConversationState, code: string) => T,
): ((kb: KnowledgeBase, state: ConversationState) => T) => {
  const byKb = new WeakMap<KnowledgeBase, Map<string, T>>();
  return (kb, state) => {
    const code =
      state.country && kb.countries.byCode.has(state.country) ? state.country : kb.countries.defaultCode;
    let byCode = byKb.get(kb);
    if (byCode === undefined) {
      byCode = new Map();
      byKb.set(kb, byCode);
    }
    let values = byCode.get(code);
    if (values === undefined) {
      values = build(kb, state, code);
      if (byCode.size >= PER_COUNTRY_LIMIT) byCode.clear();
      byCode.set(code, values);
    }
    return values;
  };
};

const contactValues = perCountry((kb, state): ContactValues => {
  const contact = emergencyContact(kb, state);
  return {
    template: keptValues({
      number: contact.spoken,
      advice: contact.advice ?? contact.number,
      advice_note: contact.advice ? fill(kb.messages.advice_note, { advice: contact.advice }) : '',
    }),
    number: keptValues({ number: contact.spoken }),
  };
});

const followupButtons = (owner: string, followups: Followup[]): QuickReply[] =>
  followups.map((followup) => ({
    label: followup.question,
    data: encodeAction({ kind: 'followup', owner, followup: followup.id }),
  }));

export const topicButton = (kb: KnowledgeBase, intent: string): QuickReply => ({
  label: kb.answers.get(intent)?.title ?? intent,
  data: encodeAction({ kind: 'intent', id: intent }),
});

/** A topic offered under an answer it came close to ("Did you mean: Night cramps?"). */
export const alsoMeantButton = (kb: KnowledgeBase, intent: string): QuickReply => {
  const button = topicButton(kb, intent);
  return { label: fill(kb.messages.also_meant, { topic: button.label }), data: button.data };
};

export const menuButton = (kb: KnowledgeBase): QuickReply => ({
  label: kb.messages.topics_button,
  data: 'm',
});

/**
 * Buttons that end a branch (a warning, a doctor-visit reply) still offer a way on: back to the topic the
 * person came from, all topics, and "that's all". Buttons already there come first; none is repeated.
 */
export const withNextSteps = (
  kb: KnowledgeBase,
  buttons: QuickReply[],
  backTo: string | null,
): QuickReply[] => {
  const steps: QuickReply[] = [];
  if (backTo && kb.answers.has(backTo)) steps.push(topicButton(kb, backTo));
  steps.push(menuButton(kb));
  if (kb.replies.has(DONE_REPLY))
    steps.push({ label: kb.messages.done_button, data: encodeAction({ kind: 'reply', id: DONE_REPLY }) });
  // Most warnings bring no buttons of their own: the steps alone, with no set of taken ones to build.
  if (buttons.length === 0) return steps;
  const taken = new Set(buttons.map((button) => button.data));
  return [...buttons, ...steps.filter((step) => !taken.has(step.data))];
};

/** The named reply that closes a conversation kindly ("Take care..."). */
export const DONE_REPLY = 'thanks_done';

/** A first reply should fit a phone screen with its buttons right under it. */
export const FIRST_REPLY_MAX_WORDS = 125;

const countWords = (text: string): number => text.split(/\s+/).filter((word) => /\w/.test(word)).length;

/** Reply texts come from the knowledge base, so there are few: each is counted once. Bounded. */
const WORD_COUNT_LIMIT = 2000;

export const wordCount = boundedMemo(WORD_COUNT_LIMIT, countWords);

/**
 * The GP-level note that goes with an answer ("worth a visit to your doctor"): the rule the answer itself
 * offers as a follow-up fits best (pregnancy's "how often" leads to the pregnancy rule), else the first.
 * Only its first paragraph is used, and only its first sentence if the whole reply would not fit a screen.
 */
const gpNote = (
  kb: KnowledgeBase,
  state: ConversationState,
  intent: string,
  rules: RedFlagRule[],
  answerWords: number,
): string | null => {
  const gp = rules.filter((rule) => rule.level === 'gp');
  const offered = offeredRedFlags(kb, intent);
  const rule = gp.find((candidate) => offered.has(candidate.id)) ?? gp[0];
  if (!rule) return null;
  const { whole, short } = noteForms(fill(rule.reply, templateValues(kb, state)));
  return answerWords + whole.words <= FIRST_REPLY_MAX_WORDS ? whole.text : short;
};

/** Red-flag rules an answer offers as follow-up options: a function of the answer, worked out once. */
const offeredByAnswer = new WeakMap<object, ReadonlySet<string>>();
const NO_RULES: ReadonlySet<string> = new Set();
const offeredRedFlags = (kb: KnowledgeBase, intent: string): ReadonlySet<string> => {
  const answer = kb.answers.get(intent);
  if (!answer) return NO_RULES;
  let offered = offeredByAnswer.get(answer);
  if (offered === undefined) {
    offered = new Set(
      answer.followups.flatMap((followup) =>
        followup.options.flatMap((option) => ('redflag' in option ? [option.redflag] : [])),
      ),
    );
    offeredByAnswer.set(answer, offered);
  }
  return offered;
};

interface NoteForms {
  /** The first paragraph as a note, with its word count. */
  whole: { text: string; words: number };
  /** Its first sentence alone as a note. */
  short: string;
}

/** A filled rule reply's note forms, by the reply: knowledge-base texts with a user's numbers, few. Bounded. */
const NOTE_LIMIT = 2000;
const notes = new Map<string, NoteForms>();
const noteForms = (reply: string): NoteForms => {
  let forms = notes.get(reply);
  if (forms === undefined) {
    const [paragraph = ''] = reply.split(/\n\s*\n/);
    const text = `${LEVEL_PREFIX.gp}${paragraph.trim()}`;
    const [sentence = paragraph] = paragraph.split(/(?<=[.!?])\s+/);
    forms = { whole: { text, words: wordCount(text) }, short: `${LEVEL_PREFIX.gp}${sentence.trim()}` };
    if (notes.size >= NOTE_LIMIT) notes.clear();
    notes.set(reply, forms);
  }
  return forms;
};

/**
 * An answer with the GP-level note of its message in ONE message, so the answer's buttons stay right under
 * everything that was said instead of ending up between the answer and a second warning.
 */
export const answerWithNote = (
  kb: KnowledgeBase,
  state: ConversationState,
  intent: string,
  rules: RedFlagRule[],
): OutMessage => {
  const message = answerMessage(kb, state, intent);
  const note = gpNote(kb, state, intent, rules, wordCount(message.text));
  if (note) {
    // The message is made for this turn: completed in place (its keys stay where they are). It now carries
    // GP-level advice, so channels style it as such.
    message.text = withNote(message.text, note);
    message.level = 'gp';
  }
  return message;
};

/**
 * An answer's text with its note, by the two: both are kept strings (fill and noteForms give the same
 * string each time), and so is the text made of them, which withoutRepeats then finds by identity rather
 * than by hashing and comparing a new text of a thousand characters. Knowledge-base texts: few. Bounded.
 */
const NOTED_LIMIT = 2000;
const noted = new TwoKeyMemo<string>(NOTED_LIMIT);
const withNote = (text: string, note: string): string => {
  let joined = noted.get(text, note);
  if (joined === undefined) {
    joined = `${text}\n\n${note}`;
    noted.set(text, note, joined);
  }
  return joined;
};

const sentenceKey = (sentence: string): string =>
  sentence
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Sentences this short ("No.", "Take care.") may well repeat on purpose. */
const MIN_REPEAT_KEY = 16;

/** A text cut into paragraphs, lines and sentences, each sentence with its key (null when too short). */
type Sentences = { text: string; key: string | null }[][][];

interface SplitText {
  sentences: Sentences;
  /** The keys in reading order, null ones left out. */
  keys: string[];
  /** Whether a key comes twice within the text itself. */
  repeatsItself: boolean;
  /** The keys as a set, so a later message's keys are checked against this text without a set per reply. */
  keySet: ReadonlySet<string>;
  /** The text as rebuilt when no sentence is dropped, or null when nothing but blank lines is left. */
  whole: string | null;
}

/**
 * Whether a sentence stays: one with a key already in `seen` (when given) is dropped, and a kept key is
 * added to it.
 */
const keeps = (sentence: { key: string | null }, seen: Set<string> | null): boolean => {
  const { key } = sentence;
  if (seen === null || key === null) return true;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
};

/**
 * The paragraphs left once the sentences already `seen` (if given) are dropped, blank lines and paragraphs
 * too. `seen` is passed rather than a filter made per call: a closure per reply cost more than the rest.
 */
const rebuild = (sentences: Sentences, seen: Set<string> | null): string[] =>
  sentences
    .map((paragraph) =>
      paragraph
        .map((line) =>
          line
            .filter((sentence) => keeps(sentence, seen))
            .map((sentence) => sentence.text)
            .join(' '),
        )
        .filter((line) => line.trim())
        .join('\n'),
    )
    .filter((paragraph) => paragraph.trim());

/**
 * Reply texts come from the knowledge base (filled with the user's emergency number), so there are few of
 * them: each is cut into sentences, and rebuilt as it reads with nothing dropped, once. Bounded, and never
 * holds what a user wrote.
 */
const SPLIT_LIMIT = 2000;
const splits = new Map<string, SplitText>();
const splitText = (text: string): SplitText => {
  let found = splits.get(text);
  if (!found) {
    const sentences = text.split(/\n\s*\n/).map((paragraph) =>
      paragraph.split('\n').map((line) =>
        line.split(/(?<=[.!?])\s+/).map((sentence) => {
          const key = sentenceKey(sentence);
          return { text: sentence, key: key.length < MIN_REPEAT_KEY ? null : key };
        }),
      ),
    );
    const keys = sentences.flat(2).flatMap(({ key }) => (key === null ? [] : [key]));
    const paragraphs = rebuild(sentences, null);
    const keySet = new Set(keys);
    const whole = paragraphs.length > 0 ? paragraphs.join('\n\n') : null;
    found = {
      sentences,
      keys,
      repeatsItself: keySet.size < keys.length,
      keySet,
      // Most texts rebuild as they were: kept as the text itself, so withoutRepeats tells that it stays by
      // identity rather than by comparing a thousand characters on every reply.
      whole: whole === text ? text : whole,
    };
    if (splits.size >= SPLIT_LIMIT) splits.clear();
    splits.set(text, found);
  }
  return found;
};

/**
 * No sentence twice in one reply: a sentence already shown earlier in the same turn (in this message or
 * an earlier one) is dropped, and so is a paragraph or message left empty by that. Line breaks and the
 * order of everything else stay as written.
 */
export const withoutRepeats = (messages: OutMessage[]): OutMessage[] => {
  // Until a message repeats something, the sentences seen are those of the texts before it, each checked
  // against their kept key sets: the set of everything seen is only built (the same set as if built all
  // along) once a message has a sentence to drop, which most replies never have.
  let seen: Set<string> | null = null;
  const before: SplitText[] = [];
  const out: OutMessage[] = [];
  for (const message of messages) {
    const split = splitText(message.text);
    // Most messages repeat nothing: their text as rebuilt whole was worked out with the split.
    let repeats = split.repeatsItself;
    const { keys } = split;
    if (seen === null) {
      for (let j = 0; j < before.length && !repeats; j++) {
        const earlier = (before[j] as SplitText).keySet;
        for (let k = 0; k < keys.length && !repeats; k++) repeats = earlier.has(keys[k] as string);
      }
    } else for (let k = 0; k < keys.length && !repeats; k++) repeats = seen.has(keys[k] as string);
    let text: string | null;
    if (repeats) {
      if (seen === null) {
        seen = new Set<string>();
        for (const earlier of before) for (const key of earlier.keys) seen.add(key);
      }
      const paragraphs = rebuild(split.sentences, seen);
      text = paragraphs.length > 0 ? paragraphs.join('\n\n') : null;
    } else {
      if (seen === null) before.push(split);
      else for (const key of keys) seen.add(key);
      text = split.whole;
    }
    if (text === null && message.buttons.length === 0) continue;
    // Every message is made for this turn, so one whose text stays is passed on rather than copied.
    const kept = text ?? message.text;
    out.push(kept === message.text ? message : { ...message, text: kept });
  }
  return out;
};

export const answerMessage = (kb: KnowledgeBase, state: ConversationState, intent: string): OutMessage => {
  const answer = kb.answers.get(intent);
  if (!answer) throw new Error(`no answer for intent "${intent}"`);
  const variant = state.lastIntent ? answer.contexts[state.lastIntent] : undefined;
  const hasDetails = Boolean(variant?.details ?? answer.details);
  return {
    kind: 'answer',
    text: fill(variant?.answer ?? answer.answer, templateValues(kb, state)),
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
    .map((source) => `• ${source.title} – ${source.publisher}: ${source.url}`)
    .join('\n');
  return {
    kind: 'details',
    text: `${fill(body, templateValues(kb, state))}\n\n${kb.messages.sources_heading ?? 'Sources:'}\n${sources}`,
    level: 'none',
    buttons: followupButtons(intent, answer.followups),
  };
};

export const replyMessage = (kb: KnowledgeBase, state: ConversationState, replyId: string): OutMessage => {
  const reply = kb.replies.get(replyId);
  if (!reply) throw new Error(`no reply "${replyId}"`);
  const contact = emergencyContact(kb, state);
  const buttons = followupButtons(replyId, reply.followups);
  return {
    kind: 'answer',
    text: `${levelPrefix(kb, reply.level)}${fill(reply.text, templateValues(kb, state))}`,
    level: reply.level,
    // A reply without follow-ups ends its branch: it still offers a way on (back to the topic, topics, done).
    buttons: buttons.length > 0 || replyId === DONE_REPLY ? buttons : withNextSteps(kb, [], reply.owner),
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
