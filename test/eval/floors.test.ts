/**
 * Quality gate on the real knowledge base and the held-out development set (test/data). The floors sit a
 * little under what `npm run eval` measured when they were set (see docs/eval.md), so an edit to the
 * knowledge base or the engine that makes answers worse fails here. Raise them when the engine improves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine/index.js';
import { type EvalReport, loadDevSet, runEvaluation } from '../../src/eval/index.js';

const FLOORS = {
  /** Top-1 intent accuracy on in-scope lines (target 90%; measured 90.3% on 390 lines, 28 November). */
  accuracy: 0.9,
  /** Out-of-scope lines answered with null (measured 99.0%). */
  outOfScopeDetection: 0.95,
  /** Emergency and urgent red flags reached (target 100%: not a floor to lower). */
  recallEmergencyUrgent: 1,
  /** GP-level red flags reached (measured 100%). */
  recallGp: 0.95,
  /** Urgent/emergency alarms on controls and ordinary in-scope questions (target at most 3%; measured 0.7%). */
  falseAlarms: 0.02,
} as const;

describe('evaluation floors (engine on test/data)', () => {
  let report: EvalReport;

  beforeAll(async () => {
    report = await runEvaluation({ engine: loadEngine(), dev: loadDevSet(), peers: false });
  });

  it('has a development set worth measuring', () => {
    expect(report.data.inScope).toBeGreaterThanOrEqual(300);
    expect(report.data.outOfScope).toBeGreaterThanOrEqual(80);
    expect(report.data.triage.redflag).toBeGreaterThan(0);
    expect(report.data.triage.control).toBeGreaterThan(0);
  });

  it('tests only intents the knowledge base has, with lines it was not trained on', () => {
    expect(report.hygiene.unknownLabels).toEqual([]);
    expect(report.hygiene.leaked).toEqual([]);
  });

  it(`answers at least ${FLOORS.accuracy * 100}% of in-scope lines with the right intent`, () => {
    const engine = report.systems[0];
    expect(engine?.metrics.accuracy.rate).toBeGreaterThanOrEqual(FLOORS.accuracy);
  });

  it(`detects at least ${FLOORS.outOfScopeDetection * 100}% of out-of-scope lines`, () => {
    expect(report.systems[0]?.metrics.outOfScopeDetection.rate).toBeGreaterThanOrEqual(
      FLOORS.outOfScopeDetection,
    );
  });

  it('reaches every emergency and urgent red flag, also through respond()', () => {
    const { triage } = report;
    expect(triage.missed.filter((m) => m.expected === 'emergency' || m.expected === 'urgent')).toEqual([]);
    expect(triage.recallEmergencyUrgent.rate).toBeGreaterThanOrEqual(FLOORS.recallEmergencyUrgent);
    expect(triage.respondMissed.filter((m) => m.expected === 'emergency' || m.expected === 'urgent')).toEqual(
      [],
    );
  });

  it(`reaches at least ${FLOORS.recallGp * 100}% of GP-level red flags`, () => {
    expect(report.triage.recall.gp.rate ?? 1).toBeGreaterThanOrEqual(FLOORS.recallGp);
  });

  it(`raises at most ${FLOORS.falseAlarms * 100}% false urgent/emergency alarms`, () => {
    expect(report.triage.falseAlarms.rate ?? 0).toBeLessThanOrEqual(FLOORS.falseAlarms);
  });
});
