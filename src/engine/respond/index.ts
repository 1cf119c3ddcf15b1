import type { KnowledgeBase } from '../kb/load.js';
import type { FollowupOption } from '../kb/schema.js';
import type { RedFlagRule } from '../triage/index.js';
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
  answerMessage,
  detailsMessage,
  emergencyContact,
  escalation,
  fill,
  followupMessage,
  info,
  menuButton,
  replyMessage,
  topicButton,
} from './compose.js';
import { topicGroups } from './topic-groups.js';
import { chooseAmong, chooseOption, looksLikeAnswer } from './typed-answer.js';

/** The state with no question pending; the field is left out (not null) so stored state keeps its shape. */
const withoutPending = (state: ConversationState): ConversationState => {
  if (!('pending' in state)) return state;
  const { pending: _answered, ...rest } = state;
  return rest;
};

/** Confidence above which an urgent reply still offers the matched topic for later. */
const LATER_TOPIC_MIN_CONFIDENCE = 0.5;

export interface ResponderDeps {
  kb: KnowledgeBase;
  classify: (text: string, context: { lastIntent: string | null }) => Classification;
  triage: (text: string) => TriageResult;
  /** Two candidates closer than this (in confidence) are offered as "did you mean". */
  clarifyMargin: number;
}

export type CommandName = 'start' | 'help' | 'about' | 'topics' | 'emergency' | 'country' | 'forget';

/** Conversation logic: input + state in, messages + state out. No I/O, so every channel behaves alike. */
export const createResponder = (deps: ResponderDeps) => {
  const { kb } = deps;

  const disclaimer = (state: ConversationState): OutMessage =>
    info(fill(kb.messages.disclaimer, { number: emergencyContact(kb, state).number }));

  /** Topics grouped for a person (what to do now, why, who, remedies...), small talk left out. */
  const groups = topicGroups(kb);
  const topicsMenu = (): OutMessage =>
    info(
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
    messages,
    state,
    intent: extra.intent ?? null,
    confidence: extra.confidence ?? 0,
    escalation: extra.escalation ?? 'none',
  });

  const firedRules = (triage: TriageResult): RedFlagRule[] =>
    triage.rules.map((id) => kb.redFlags.byId.get(id)).filter((rule): rule is RedFlagRule => Boolean(rule));

  const respondToText = (state: ConversationState, text: string): EngineResult => {
    const triage = deps.triage(text);
    const classification = deps.classify(text, { lastIntent: state.lastIntent });
    const rules = firedRules(triage);
    const messages: OutMessage[] = [];
    let nextState: ConversationState = withoutPending({ ...state, welcomed: true });
    const { intent, confidence } = classification;
    const meta = { intent, confidence, escalation: triage.level };

    if (triage.level === 'emergency' || triage.level === 'urgent') {
      // Safety first: only the escalation, so no self-care advice (e.g. massage) can contradict it.
      // The topic stays one tap away for when the person is safe.
      // Only a confident topic is offered: in "my calf is hot and swollen", "hot" is a symptom, not the heat topic.
      const later =
        intent && triage.level === 'urgent' && confidence >= LATER_TOPIC_MIN_CONFIDENCE
          ? [topicButton(kb, intent)]
          : [];
      messages.push(escalation(kb, state, rules, later));
      if (!state.welcomed) messages.push(disclaimer(state));
      return result(messages, { ...nextState, lastIntent: intent ?? state.lastIntent }, meta);
    }

    if (triage.level === 'none') {
      const typed = typedReply(state, text, classification);
      if (typed) return typed;
    }

    const [second] = classification.runnersUp;
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
      messages.push(answerMessage(kb, state, intent));
      nextState = { ...nextState, lastIntent: intent };
    }
    if (triage.level === 'gp') messages.push(escalation(kb, state, rules));
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
        return result([escalation(kb, state, [rule])], state, { escalation: rule.level });
      }
      case 'followup': {
        const message = followupMessage(kb, action.owner, action.followup);
        const pending = { owner: action.owner, followup: action.followup };
        return message ? result([message], { ...state, pending }) : expired();
      }
      case 'country':
        return setCountry(state, action.code);
      case 'menu':
        return result([topicsMenu()], state);
    }
  };

  const setCountry = (state: ConversationState, code: string): EngineResult => {
    const country = kb.countries.byCode.get(code);
    if (!country) return result([info(kb.messages.expired, [menuButton(kb)], 'expired')], state);
    const next = { ...state, country: code };
    return result(
      [info(fill(kb.messages.country_set, { number: country.number, country: country.name }))],
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
              `${kb.messages.welcome.trim()}\n\n${fill(kb.messages.disclaimer, { number: contact.number })}`,
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
              `${kb.messages.about.trim()}\n\n${fill(kb.messages.disclaimer, { number: contact.number })}`,
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
              ...info(fill(kb.messages.emergency_info, { number: contact.number })),
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
                label: `${country.name} (${country.number})`,
                data: encodeAction({ kind: 'country', code: country.code }),
              })),
            ),
          ],
          state,
        );
      case 'forget':
        return result([info(kb.messages.forget_done)], { country: null, lastIntent: null, welcomed: true });
    }
  };

  return { respond, command, setCountry };
};

export type Responder = ReturnType<typeof createResponder>;
