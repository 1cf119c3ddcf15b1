import { type KnowledgeBase, localise } from '../kb/load.js';
import type { FollowupOption } from '../kb/schema.js';
import type { DetectedLanguage } from '../language/detect.js';
import { isStopword } from '../match/terms.js';
import { isStopwordRu } from '../match/terms-ru.js';
import { extended, without } from '../objects.js';
import type { RedFlagRule } from '../triage/index.js';
import { freshFlags, rememberFlags } from '../triage/memory.js';
import type {
  Action,
  Classification,
  ConversationState,
  EngineResult,
  OutMessage,
  TriageResult,
  UserInput,
} from '../types.js';
import { decodeAction, encodeAction } from './actions.js';
import {
  alsoMeantButton,
  answerMessage,
  answerWithNote,
  detailsMessage,
  emergencyContact,
  fill,
  followupMessage,
  info,
  menuButton,
  numberValues,
  replyMessage,
  topicButton,
  withoutRepeats,
} from './compose.js';
import { escalation } from './escalation.js';
import { createFollowOns } from './follow-on.js';
import { canAsk, carryOnText, safetyQuestion, safetyRules } from './safety.js';
import { topicGroups } from './topic-groups.js';
import { chooseAmong, chooseOption, looksLikeAnswer } from './typed-answer.js';

/** The state with no question pending; the field is left out (not null) so stored state keeps its shape. */
const withoutPending = (state: ConversationState): ConversationState =>
  'pending' in state ? without(state, 'pending') : state;

const ASKED = { asked: true } as const;
const NO_FLAGS: readonly string[] = [];

/** Confidence above which an urgent reply still offers the matched topic for later. */
const LATER_TOPIC_MIN_CONFIDENCE = 0.5;
/** How long after an urgent or emergency reply "what do I do?" is read as asking about that advice. */
const ALERT_FOLLOW_ON_MS = 60 * 60 * 1000;
/** At most this many rule ids are kept for it (the state stays small). */
const ALERT_MAX_RULES = 8;

export interface ResponderDeps {
  kb: KnowledgeBase;
  /** `lang` is the language the message was read in (examples of that language are used). */
  classify: (text: string, context: { lastIntent: string | null }, lang?: string) => Classification;
  /** `memory`: red-flag signs and risk factors from recent turns (concept names). */
  triage: (text: string, memory?: readonly string[]) => TriageResult;
  /** The clock for how long those are remembered (milliseconds since the epoch); Date.now by default. */
  now?: () => number;
  /** The language a message is written in and the text to read (Latin-letter Russian in Cyrillic). */
  detect?: (text: string) => DetectedLanguage;
  /** Two candidates closer than this (in confidence) are offered as "did you mean". */
  clarifyMargin: number;
  /** An answer whose runner-up is closer than this also offers the runner-up as a button (default 0.1). */
  offerMargin?: number;
}

interface LanguageResponderDeps {
  kb: KnowledgeBase;
  /** The language this core reads and answers in ("en", "ru"). */
  lang: string;
  classify: (text: string, context: { lastIntent: string | null }) => Classification;
  triage: (text: string, memory?: readonly string[]) => TriageResult;
  now?: () => number;
  clarifyMargin: number;
  offerMargin?: number;
}

/**
 * How close a runner-up must come for an answer to offer it too. On the blind sets a margin of 0.1 puts the
 * right topic in reach for about two more messages in a hundred, with the extra button under one answer in eight.
 */
export const DEFAULT_OFFER_MARGIN = 0.1;

/** The bot commands every channel offers, in the order a command menu lists them. */
export const COMMAND_NAMES = [
  'start',
  'help',
  'topics',
  'emergency',
  'country',
  'about',
  'forget',
  'language',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export const isCommandName = (name: string): name is CommandName =>
  (COMMAND_NAMES as readonly string[]).includes(name);

/** Languages a person can choose with /language, with the name each is shown by. */
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', ru: 'Русский' };

/**
 * Conversation logic: input + state in, messages + state out. No I/O, so every channel behaves alike.
 * Each turn is answered in the language of the message (see `detect`); buttons and commands, which carry
 * no words, in the language of the conversation so far (`state.lang`, else English).
 */
export const createResponder = (deps: ResponderDeps) => {
  const cores = new Map<string, ReturnType<typeof createLanguageResponder>>();
  const core = (lang: string) => {
    let found = cores.get(lang);
    if (!found) {
      found = createLanguageResponder({
        ...deps,
        lang,
        kb: localise(deps.kb, lang),
        classify: (text, context) => deps.classify(text, context, lang),
        triage: (text, memory) => deps.triage(text, memory),
      });
      cores.set(lang, found);
    }
    return found;
  };
  const spoken = (lang: string | undefined | null): lang is string =>
    typeof lang === 'string' && (lang === 'en' || deps.kb.translations.has(lang));
  const current = (state: ConversationState): string => (spoken(state.lang) ? state.lang : 'en');
  /**
   * The result with the turn's language set. Every core result is a new object made for this turn, so it is
   * completed in place rather than copied (`lang` lands last either way).
   */
  const withLang = (result: EngineResult, lang: string): EngineResult => {
    if (!(lang === 'en' && result.state.lang === undefined)) result.state = extended(result.state, { lang });
    result.lang = lang;
    return result;
  };

  const respond = (state: ConversationState, input: UserInput): EngineResult => {
    if (input.type === 'button') {
      const action = decodeAction(input.data);
      if (action?.kind === 'language' && spoken(action.code)) {
        const next = { ...state, lang: action.code };
        const { messages } = deps.kb.translations.get(action.code) ?? deps.kb;
        const topics = core(action.code).command(next, 'topics');
        const text = messages.language_set ?? LANGUAGE_NAMES[action.code] ?? action.code;
        return withLang({ ...topics, messages: [info(text), ...topics.messages] }, action.code);
      }
      return withLang(core(current(state)).respond(state, input), current(state));
    }
    const detected = deps.detect?.(input.text) ?? { lang: null, text: input.text };
    const lang = spoken(detected.lang) ? detected.lang : current(state);
    return withLang(core(lang).respond(state, { type: 'text', text: detected.text }), lang);
  };

  const command = (state: ConversationState, name: CommandName): EngineResult => {
    const lang = current(state);
    if (name !== 'language') return withLang(core(lang).command(state, name), lang);
    const { messages } = localise(deps.kb, lang);
    const choices = ['en', ...deps.kb.translations.keys()].map((code) => ({
      label: LANGUAGE_NAMES[code] ?? code,
      data: encodeAction({ kind: 'language', code }),
    }));
    return withLang(
      {
        messages: [info(messages.language_prompt ?? 'Language / Язык:', choices)],
        state,
        intent: null,
        confidence: 0,
        escalation: 'none',
      },
      lang,
    );
  };

  const setCountry = (state: ConversationState, code: string): EngineResult =>
    withLang(core(current(state)).setCountry(state, code), current(state));

  return { respond, command, setCountry };
};

/** One language's conversation logic: `deps.kb` is already the knowledge base seen in that language. */
const createLanguageResponder = (deps: LanguageResponderDeps) => {
  const { kb } = deps;

  const disclaimer = (state: ConversationState): OutMessage =>
    info(fill(kb.messages.disclaimer, numberValues(kb, state)));

  /** Topics grouped for a person (what to do now, why, who, remedies...), small talk left out. */
  const groups = topicGroups(kb);
  const topicsMenu = (): OutMessage =>
    // A translation brings its own menu title; the group titles (knowledge/topics.yaml) are English.
    kb.messages.topics_prompt
      ? info(
          kb.messages.topics_prompt,
          groups.flatMap((group) => group.topics.map((intent) => topicButton(kb, intent))),
        )
      : info(
          [
            'Pick a topic:',
            ...groups.map(
              (group) =>
                `\n${group.title}: ${group.topics.map((id) => kb.answers.get(id)?.title ?? id).join(' · ')}`,
            ),
          ].join('\n'),
          groups.flatMap((group) => group.topics.map((intent) => topicButton(kb, intent))),
        );

  /** Where a follow-up option leads, as the button would. */
  const optionAction = (option: FollowupOption): Action =>
    'intent' in option
      ? { kind: 'intent', id: option.intent }
      : 'reply' in option
        ? { kind: 'reply', id: option.reply }
        : { kind: 'redflag', id: option.redflag };

  const followupsOf = (owner: string) =>
    kb.answers.get(owner)?.followups ?? kb.replies.get(owner)?.followups ?? [];

  /**
   * A short typed reply to the bot's own question: the pending question's option it names, the question
   * again when it is answer-like but unclear ("yes" to "how often?"), or null to read it as a new message.
   */
  const typedReply = (
    state: ConversationState,
    text: string,
    classification: Classification,
  ): EngineResult | null => {
    const cleared: ConversationState = withoutPending({ ...state, welcomed: true });
    const pending = state.pending;
    if (pending) {
      const followup = followupsOf(pending.owner).find((candidate) => candidate.id === pending.followup);
      if (followup) {
        const option = chooseOption(text, followup);
        if (option) return respondToAction(cleared, optionAction(option));
        if (looksLikeAnswer(text)) {
          const again = followupMessage(kb, pending.owner, pending.followup);
          if (again)
            return result([{ ...again, text: `${kb.messages.pick_an_option}\n\n${again.text}` }], state);
        }
      }
      return null;
    }
    // No question pending: a short reply that clearly answers one of the last answer's questions.
    // "most nights" right after the night-cramps answer answers its "How often?" even unasked; a reply that
    // is not answer-like ("magnesium?") is a new question.
    if (!state.lastIntent || text.length > 60) return null;
    if (!looksLikeAnswer(text) && classification.intent && !classification.vague) return null;
    const followups = followupsOf(state.lastIntent);
    const chosen = chooseAmong(text, followups);
    if (chosen) return respondToAction(cleared, optionAction(chosen.option));
    // "yes" could answer several of them: show the questions rather than "not sure".
    if (followups.length > 0 && looksLikeAnswer(text) && !classification.intent) {
      const owner = state.lastIntent;
      return result(
        [
          info(
            kb.messages.which_question,
            followups.map((followup) => ({
              label: followup.question,
              data: encodeAction({ kind: 'followup', owner, followup: followup.id }),
            })),
            'clarify',
          ),
        ],
        cleared,
      );
    }
    return null;
  };

  const result = (
    messages: OutMessage[],
    state: ConversationState,
    extra: Partial<Omit<EngineResult, 'messages' | 'state'>> = {},
  ): EngineResult => ({
    messages: withoutRepeats(messages),
    state,
    intent: extra.intent ?? null,
    confidence: extra.confidence ?? 0,
    escalation: extra.escalation ?? 'none',
    ...(extra.asked ? ASKED : undefined),
  });

  const firedRules = (triage: TriageResult): RedFlagRule[] =>
    triage.rules.map((id) => kb.redFlags.byId.get(id)).filter((rule): rule is RedFlagRule => Boolean(rule));

  const carryHours = kb.redFlags.sources.context?.data.carry?.hours ?? 0;

  /** The rules of an urgent or emergency reply given within the last hour, most serious first. */
  const recentAlertRules = (state: ConversationState, now: number): RedFlagRule[] => {
    const alert = state.alert;
    if (!alert || now - alert.at > ALERT_FOLLOW_ON_MS || now < alert.at) return [];
    return alert.rules
      .map((id) => kb.redFlags.byId.get(id))
      .filter((rule): rule is RedFlagRule => Boolean(rule));
  };

  const followOns = createFollowOns(
    kb.vocabulary,
    deps.lang === 'en' ? kb.vocabulary : (kb.vocabularies?.get(deps.lang) ?? null),
    deps.lang === 'en' ? (kb.idioms?.people_words ?? []) : [],
    deps.lang === 'en' ? isStopword : isStopwordRu,
  );
  const smallTalk = new Set(kb.vocabulary?.conversational_intents ?? []);
  /** The closest other topic the message may have meant (small talk is never offered as a topic). */
  const topicRunnerUp = (runnersUp: Classification['runnersUp']) =>
    runnersUp.find((candidate) => !smallTalk.has(candidate.intent) && kb.answers.has(candidate.intent));
  /**
   * A short follow-on that names no topic ("what should she do", "why?") right after an answer about a
   * topic: answered in that topic's frame, saying so. The topic stays the frame for the next turn.
   */
  const followOnReply = (state: ConversationState, text: string, next: ConversationState) => {
    const topic = state.lastIntent;
    if (!topic || smallTalk.has(topic) || !kb.answers.has(topic)) return null;
    const kind = followOns.kindOf(text);
    if (!kind) return null;
    const reply = followOns.replyTo(kind, topic, kb);
    const message =
      reply.kind === 'answer' ? answerMessage(kb, state, reply.intent) : detailsMessage(kb, state, topic);
    const note = fill(kb.messages.follow_on_note, { topic: kb.answers.get(topic)?.title ?? topic });
    return result([{ ...message, text: `${note}\n\n${message.text}` }], next, {
      intent: reply.intent,
      confidence: 1,
    });
  };

  const respondToText = (state: ConversationState, text: string): EngineResult => {
    const now = (deps.now ?? Date.now)();
    // No flags held: none are fresh (triage only reads the list).
    const memory =
      carryHours > 0 && state.triageFlags !== undefined
        ? freshFlags(state, now, carryHours).map((item) => item.flag)
        : NO_FLAGS;
    const triage = deps.triage(text, memory);
    const classification = deps.classify(text, { lastIntent: state.lastIntent });
    const rules = firedRules(triage);
    const messages: OutMessage[] = [];
    // With no flags held or seen, remembering them would only copy the state again.
    const remembers = carryHours > 0 && (state.triageFlags !== undefined || (triage.carry?.length ?? 0) > 0);
    const nextState: ConversationState = withoutPending(
      remembers
        ? rememberFlags({ ...state, welcomed: true }, triage.carry ?? [], now, carryHours)
        : { ...state, welcomed: true },
    );
    const { intent, confidence } = classification;
    const meta = { intent, confidence, escalation: triage.level };

    if (triage.level === 'emergency' || triage.level === 'urgent') {
      // Safety first: only the escalation, so no self-care advice (e.g. massage) can contradict it.
      // The topic stays one tap away for when the person is safe.
      // Only a confident topic is offered: in "my calf is hot and swollen", "hot" is a symptom, not the heat topic.
      const confident = intent && confidence >= LATER_TOPIC_MIN_CONFIDENCE ? intent : null;
      const later = confident && triage.level === 'urgent' ? [topicButton(kb, confident)] : [];
      messages.push(escalation(kb, state, rules, later));
      if (!state.welcomed) messages.push(disclaimer(state));
      // Nor does a symptom word become the topic a follow-on ("what should I do?") is read in: the
      // follow-on gets this advice again (alert).
      // nextState is this turn's own copy: completed in place, as extended would copy it (keys it has
      // stay where they are, new ones go last).
      nextState.lastIntent = confident ?? state.lastIntent;
      nextState.alert = { rules: rules.slice(0, ALERT_MAX_RULES).map((rule) => rule.id), at: now };
      return result(messages, nextState, meta);
    }

    // "What do I do?", "is it serious?" right after an urgent or emergency reply ask about that advice.
    const alerted = recentAlertRules(state, now);
    if (alerted.length > 0 && followOns.kindOf(text)) {
      const top = alerted[0]?.level ?? 'none';
      return result([escalation(kb, state, alerted)], nextState, { ...meta, escalation: top });
    }

    if (triage.ask && canAsk(kb, intent)) {
      // Alarm words with no settled level: one question first, before any self-care advice.
      messages.push(safetyQuestion(kb, intent));
      if (!state.welcomed) messages.push(disclaimer(state));
      return result(messages, nextState, extended(meta, { asked: true }));
    }

    // A typed answer to the bot's own question is read as that answer; a GP-level sign it carries ("most
    // nights") is what its button leads to anyway.
    if (triage.level === 'none' || triage.level === 'gp') {
      const onward = followOnReply(state, text, nextState);
      if (onward) return onward;
      const typed = typedReply(state, text, classification);
      if (typed) return typed;
    }

    const [second] = classification.runnersUp;
    let answered = false;
    if (classification.vague) {
      messages.push(
        info(
          kb.messages.vague,
          [...kb.messages.start_topics.map((t) => topicButton(kb, t)), menuButton(kb)],
          'clarify',
        ),
      );
    } else if (!intent) {
      messages.push(
        info(
          kb.messages.out_of_scope,
          [...kb.messages.start_topics.map((t) => topicButton(kb, t)), menuButton(kb)],
          'out_of_scope',
        ),
      );
    } else if (second && confidence - second.confidence < deps.clarifyMargin) {
      messages.push(
        info(kb.messages.did_you_mean, [topicButton(kb, intent), topicButton(kb, second.intent)], 'clarify'),
      );
    } else {
      // A GP-level note joins the answer, so the answer's buttons stay under everything said.
      const answer =
        triage.level === 'gp' ? answerWithNote(kb, state, intent, rules) : answerMessage(kb, state, intent);
      // A close runner-up is offered under the answer, so a wrong guess costs one tap rather than rewording.
      const alternative = topicRunnerUp(classification.runnersUp);
      if (alternative && confidence - alternative.confidence < (deps.offerMargin ?? DEFAULT_OFFER_MARGIN))
        answer.buttons.push(alsoMeantButton(kb, alternative.intent));
      messages.push(answer);
      nextState.lastIntent = intent;
      answered = true;
    }
    if (triage.level === 'gp' && !answered) messages.push(escalation(kb, state, rules));
    if (!state.welcomed) messages.push(disclaimer(state));
    return result(messages, nextState, meta);
  };

  const respondToAction = (given: ConversationState, action: Action | null): EngineResult => {
    // Any button answers or leaves the pending question; only opening another question sets a new one.
    const state = withoutPending(given);
    const expired = (): EngineResult =>
      result([info(kb.messages.expired, [menuButton(kb)], 'expired')], given);
    if (!action) return expired();
    switch (action.kind) {
      case 'intent': {
        if (!kb.answers.has(action.id)) return expired();
        const message = answerMessage(kb, state, action.id);
        return result([message], { ...state, lastIntent: action.id }, { intent: action.id, confidence: 1 });
      }
      case 'details':
        if (!kb.answers.has(action.id)) return expired();
        return result([detailsMessage(kb, state, action.id)], state, { intent: action.id, confidence: 1 });
      case 'reply': {
        if (!kb.replies.has(action.id)) return expired();
        const message = replyMessage(kb, state, action.id);
        return result([message], state, { escalation: message.level });
      }
      case 'redflag': {
        const rule = kb.redFlags.byId.get(action.id);
        if (!rule) return expired();
        return result([escalation(kb, state, [rule], [], state.lastIntent)], state, {
          escalation: rule.level,
        });
      }
      case 'followup': {
        const message = followupMessage(kb, action.owner, action.followup);
        const pending = { owner: action.owner, followup: action.followup };
        return message ? result([message], { ...state, pending }) : expired();
      }
      case 'country':
        return setCountry(state, action.code);
      case 'safety': {
        const rules = safetyRules(kb, action.option);
        if (!rules) return expired();
        if (rules.length > 0) {
          const top = rules[0]?.level ?? 'none';
          return result([escalation(kb, state, rules)], state, { escalation: top });
        }
        if (action.intent && kb.answers.has(action.intent)) {
          const message = answerMessage(kb, state, action.intent);
          return result(
            [message],
            { ...state, lastIntent: action.intent },
            { intent: action.intent, confidence: 1 },
          );
        }
        return result(
          [
            info(carryOnText(kb), [
              ...kb.messages.start_topics.map((topic) => topicButton(kb, topic)),
              menuButton(kb),
            ]),
          ],
          state,
        );
      }
      case 'language':
        return expired();
      case 'menu':
        return result([topicsMenu()], state);
    }
  };

  const setCountry = (state: ConversationState, code: string): EngineResult => {
    const country = kb.countries.byCode.get(code);
    if (!country) return result([info(kb.messages.expired, [menuButton(kb)], 'expired')], state);
    const next = { ...state, country: code };
    // A way on after the choice: back to the last topic, or all topics.
    const onward = [
      ...(state.lastIntent && kb.answers.has(state.lastIntent) ? [topicButton(kb, state.lastIntent)] : []),
      menuButton(kb),
    ];
    return result(
      [
        info(
          fill(kb.messages.country_set, {
            number: kb.messages.spoken_numbers?.[code] ?? country.number,
            country: kb.messages.country_names?.[code] ?? country.name,
          }),
          onward,
        ),
      ],
      next,
    );
  };

  const respond = (state: ConversationState, input: UserInput): EngineResult =>
    input.type === 'text'
      ? respondToText(state, input.text)
      : respondToAction(state, decodeAction(input.data));

  const command = (state: ConversationState, name: CommandName): EngineResult => {
    const contact = emergencyContact(kb, state);
    switch (name) {
      case 'start':
        return result(
          [
            info(
              `${kb.messages.welcome.trim()}\n\n${fill(kb.messages.disclaimer, { number: contact.spoken })}`,
              [...kb.messages.start_topics.map((topic) => topicButton(kb, topic)), menuButton(kb)],
              'welcome',
            ),
          ],
          { ...state, welcomed: true },
        );
      case 'help':
        return result([info(kb.messages.help.trim(), [menuButton(kb)])], state);
      case 'about':
        return result(
          [
            info(
              `${kb.messages.about.trim()}\n\n${fill(kb.messages.disclaimer, { number: contact.spoken })}`,
            ),
          ],
          state,
        );
      case 'topics':
        return result([topicsMenu()], state);
      case 'emergency':
        return result(
          [
            {
              ...info(fill(kb.messages.emergency_info, { number: contact.spoken })),
              level: 'emergency',
              emergencyNumber: contact.number,
            },
          ],
          state,
        );
      case 'country':
        return result(
          [
            info(
              kb.messages.country_prompt,
              [...kb.countries.byCode.values()].map((country) => ({
                label: `${kb.messages.country_names?.[country.code] ?? country.name} (${country.number})`,
                data: encodeAction({ kind: 'country', code: country.code }),
              })),
            ),
          ],
          state,
        );
      case 'forget':
        return result([info(kb.messages.forget_done)], { country: null, lastIntent: null, welcomed: true });
      case 'language':
        return result([], state);
    }
  };

  return { respond, command, setCountry };
};

export type Responder = ReturnType<typeof createResponder>;
