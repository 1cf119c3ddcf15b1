import type { Engine } from '../engine/index.js';
import { initialState, type Level } from '../engine/types.js';
import { type Rate, rate } from './metrics.js';
import type { IntentCase, TriageCase } from './types.js';

/** none < gp < urgent < emergency. */
export const LEVEL_RANK: Record<Level, number> = { none: 0, gp: 1, urgent: 2, emergency: 3 };
/** A case is recalled when the engine's level is at least the expected one. */
export const reaches = (got: Level, expected: Level): boolean => LEVEL_RANK[got] >= LEVEL_RANK[expected];
/** Urgent or emergency: what sends someone to urgent care, so a false one is a false alarm. */
export const isAlarm = (level: Level): boolean => LEVEL_RANK[level] >= LEVEL_RANK.urgent;

export interface TriageOutcome {
  source: string;
  text: string;
  expected: Level | null;
  got: Level;
  rules: string[];
}

export interface TriageMetrics {
  /** Red-flag lines whose level the engine reached or exceeded, per expected level. */
  recall: Record<'emergency' | 'urgent' | 'gp', Rate>;
  /** Emergency and urgent together: the target is 100%. */
  recallEmergencyUrgent: Rate;
  /** Red-flag lines given exactly the expected level. */
  exact: Rate;
  /** Red-flag lines given a higher level than expected (not a miss, but noisy). */
  overTriaged: TriageOutcome[];
  /** Red-flag lines below the expected level: the ones that matter. */
  missed: TriageOutcome[];
  /** Urgent/emergency on control lines that should stay below urgent. */
  falseAlarmsControls: Rate;
  /** Urgent/emergency on ordinary in-scope questions of the intent development set. */
  falseAlarmsInScope: Rate;
  /** Urgent/emergency on out-of-scope lines. */
  falseAlarmsOutOfScope: Rate;
  /** Controls and in-scope lines together: the target is at most 3%. */
  falseAlarms: Rate;
  alarms: TriageOutcome[];
  /**
   * Through `engine.respond()` (one fresh conversation per line): red-flag lines whose reply carries an
   * escalation message of at least the expected level; checks that the responder puts triage first.
   */
  respondRecall: Rate;
  respondMissed: TriageOutcome[];
  /** The safety question ("Is any of this happening now?") asked on ordinary in-scope questions: target <= 5%. */
  askedInScope: Rate;
  /** ...and on control lines (scary words, no red flag). */
  askedControls: Rate;
  /** Lines where it was asked, for reading. */
  asked: TriageOutcome[];
}

export const evaluateTriage = (
  engine: Pick<Engine, 'triage' | 'respond'>,
  triageCases: TriageCase[],
  inScope: IntentCase[],
  outOfScope: IntentCase[],
): TriageMetrics => {
  const byLevel = {
    emergency: { count: 0, total: 0 },
    urgent: { count: 0, total: 0 },
    gp: { count: 0, total: 0 },
  };
  let exact = 0;
  let redflags = 0;
  const overTriaged: TriageOutcome[] = [];
  const missed: TriageOutcome[] = [];
  const alarms: TriageOutcome[] = [];
  const respondMissed: TriageOutcome[] = [];
  let respondRecalled = 0;
  let controls = 0;
  let controlAlarms = 0;
  let controlAsked = 0;
  const asked: TriageOutcome[] = [];

  for (const item of triageCases) {
    const { level, rules, ask } = engine.triage(item.text);
    const outcome: TriageOutcome = {
      source: item.source,
      text: item.text,
      expected: item.level,
      got: level,
      rules,
    };
    if (item.kind === 'control') {
      if (isAlarm(item.level)) continue; // a control that is itself urgent can't be a false alarm
      controls++;
      if (ask) {
        controlAsked++;
        asked.push(outcome);
      }
      if (isAlarm(level)) {
        controlAlarms++;
        alarms.push(outcome);
      }
      continue;
    }
    if (item.level === 'none') continue;
    redflags++;
    const bucket = byLevel[item.level];
    bucket.total++;
    if (reaches(level, item.level)) bucket.count++;
    else missed.push(outcome);
    if (level === item.level) exact++;
    else if (LEVEL_RANK[level] > LEVEL_RANK[item.level]) overTriaged.push(outcome);

    const reply = engine.respond(initialState(), { type: 'text', text: item.text });
    const escalated = reply.messages.some(
      // A GP-level note travels inside its answer (one message, buttons under it), so the level counts.
      (message) =>
        (message.kind === 'escalation' || message.kind === 'answer') && reaches(message.level, item.level),
    );
    if (escalated && reaches(reply.escalation, item.level)) respondRecalled++;
    else respondMissed.push({ ...outcome, got: reply.escalation });
  }

  const alarmsOn = (cases: IntentCase[]) => {
    let count = 0;
    for (const item of cases) {
      const { level, rules } = engine.triage(item.text);
      if (!isAlarm(level)) continue;
      count++;
      alarms.push({ source: item.source, text: item.text, expected: null, got: level, rules });
    }
    return rate(count, cases.length);
  };
  let inScopeAsked = 0;
  for (const item of inScope) {
    const { level, rules, ask } = engine.triage(item.text);
    if (!ask) continue;
    inScopeAsked++;
    asked.push({ source: item.source, text: item.text, expected: null, got: level, rules });
  }
  const falseAlarmsInScope = alarmsOn(inScope);
  const falseAlarmsOutOfScope = alarmsOn(outOfScope);
  const recallEmergencyUrgent = rate(
    byLevel.emergency.count + byLevel.urgent.count,
    byLevel.emergency.total + byLevel.urgent.total,
  );
  return {
    recall: {
      emergency: rate(byLevel.emergency.count, byLevel.emergency.total),
      urgent: rate(byLevel.urgent.count, byLevel.urgent.total),
      gp: rate(byLevel.gp.count, byLevel.gp.total),
    },
    recallEmergencyUrgent,
    exact: rate(exact, redflags),
    overTriaged,
    missed,
    falseAlarmsControls: rate(controlAlarms, controls),
    falseAlarmsInScope,
    falseAlarmsOutOfScope,
    falseAlarms: rate(controlAlarms + falseAlarmsInScope.count, controls + falseAlarmsInScope.total),
    alarms,
    respondRecall: rate(respondRecalled, redflags),
    respondMissed,
    askedInScope: rate(inScopeAsked, inScope.length),
    askedControls: rate(controlAsked, controls),
    asked,
  };
};
