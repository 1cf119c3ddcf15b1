import { decodeAction, type Engine } from '../engine/index.js';
import { type EngineResult, initialState, type MessageKind } from '../engine/types.js';
import { type Rate, rate } from './metrics.js';
import type { IntentCase } from './types.js';

/** What the user actually sees first for a message, through `engine.respond()` in a fresh conversation. */
export type Outcome =
  | 'answered'
  /** Another topic answered, with the right one offered under it ("Did you mean: ...?"). */
  | 'answered_offered'
  | 'answered_wrong'
  | 'clarify_right'
  | 'clarify_wrong'
  | 'out_of_scope'
  | 'escalation';

export interface ConversationMetrics {
  /** In-scope lines answered with the right topic straight away. */
  inScopeAnswered: Rate;
  /**
   * In-scope lines answered right, or offered the right topic as "did you mean": in a choice between two
   * topics, or as a button under another topic's answer.
   */
  inScopeReachable: Rate;
  /** Out-of-scope lines that got the out-of-scope reply (not a topic, not a "did you mean"). */
  outOfScopeReply: Rate;
  inScopeOutcomes: Record<Outcome, number>;
  outOfScopeOutcomes: Record<Outcome, number>;
}

const intentsOffered = (result: EngineResult): string[] =>
  result.messages.flatMap((message) =>
    message.buttons.flatMap((button) => {
      const action = decodeAction(button.data);
      return action?.kind === 'intent' ? [action.id] : [];
    }),
  );

const firstKind = (result: EngineResult): MessageKind | undefined => result.messages[0]?.kind;

export const outcomeOf = (result: EngineResult, expected: string | null): Outcome => {
  const kind = firstKind(result);
  if (kind === 'escalation') return 'escalation';
  if (kind === 'out_of_scope') return 'out_of_scope';
  if (kind === 'clarify')
    return expected && intentsOffered(result).includes(expected) ? 'clarify_right' : 'clarify_wrong';
  if (result.intent === expected) return 'answered';
  return expected && intentsOffered(result).includes(expected) ? 'answered_offered' : 'answered_wrong';
};

const emptyOutcomes = (): Record<Outcome, number> => ({
  answered: 0,
  answered_offered: 0,
  answered_wrong: 0,
  clarify_right: 0,
  clarify_wrong: 0,
  out_of_scope: 0,
  escalation: 0,
});

export const evaluateConversation = (
  engine: Pick<Engine, 'respond'>,
  inScope: IntentCase[],
  outOfScope: IntentCase[],
): ConversationMetrics => {
  const run = (cases: IntentCase[]) => {
    const outcomes = emptyOutcomes();
    for (const item of cases) {
      const result = engine.respond(initialState(), { type: 'text', text: item.text });
      outcomes[outcomeOf(result, item.intent)]++;
    }
    return outcomes;
  };
  const inScopeOutcomes = run(inScope);
  const outOfScopeOutcomes = run(outOfScope);
  return {
    inScopeAnswered: rate(inScopeOutcomes.answered, inScope.length),
    inScopeReachable: rate(
      inScopeOutcomes.answered + inScopeOutcomes.answered_offered + inScopeOutcomes.clarify_right,
      inScope.length,
    ),
    outOfScopeReply: rate(outOfScopeOutcomes.out_of_scope, outOfScope.length),
    inScopeOutcomes,
    outOfScopeOutcomes,
  };
};
