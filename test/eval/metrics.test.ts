import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildInputSets, gibberish, prng, withTypos } from '../../src/bench/inputs.js';
import { percentile, summarise } from '../../src/bench/measure.js';
import { createEngine, loadKnowledgeBase } from '../../src/engine/index.js';
import {
  accuracyAtDetection,
  checkHygiene,
  DatasetError,
  evaluateTriage,
  type IntentCase,
  type Prediction,
  parseJsonLines,
  reaches,
  runEvaluation,
  scoreClassifier,
  sweepThresholds,
  trainingExamples,
} from '../../src/eval/index.js';

const item = (text: string, intent: string | null, n = 1): IntentCase => ({ text, intent, source: `t:${n}` });
const said = (intent: string | null, confidence = 0.9, best: string | null = intent): Prediction => ({
  intent,
  best,
  confidence,
});

describe('scoreClassifier', () => {
  const inScope = [item('a', 'x', 1), item('b', 'x', 2), item('c', 'y', 3), item('d', 'y', 4)];
  const outOfScope = [item('e', null, 5), item('f', null, 6)];
  const metrics = scoreClassifier(
    inScope,
    [said('x'), said(null, 0.1, 'x'), said('x'), said('y')],
    outOfScope,
    [said(null, 0.05, 'y'), said('y', 0.4)],
    ['x', 'y', 'z'],
  );

  it('counts top-1 accuracy, false nulls and out-of-scope detection', () => {
    expect(metrics.accuracy).toEqual({ count: 2, total: 4, rate: 0.5 });
    expect(metrics.falseNull).toEqual({ count: 1, total: 4, rate: 0.25 });
    expect(metrics.outOfScopeDetection).toEqual({ count: 1, total: 2, rate: 0.5 });
    expect(metrics.outOfScopeAnsweredAs).toEqual([{ intent: 'y', count: 1 }]);
  });

  it('computes precision over every message given the intent, out-of-scope ones included', () => {
    const y = metrics.perIntent.find((row) => row.intent === 'y');
    expect(y).toMatchObject({ support: 2, predicted: 2, correct: 1, precision: 0.5, recall: 0.5 });
    const x = metrics.perIntent.find((row) => row.intent === 'x');
    expect(x).toMatchObject({ support: 2, predicted: 2, correct: 1, precision: 0.5, recall: 0.5 });
  });

  it('lists intents worst first and keeps intents without support', () => {
    expect(metrics.perIntent.map((row) => row.intent).at(-1)).toBe('z');
    expect(metrics.macroF1).toBeCloseTo(0.5);
  });

  it('lists confusions most frequent first and every miss', () => {
    expect(metrics.misclassified).toHaveLength(3);
    expect(metrics.confusions.map((c) => c.count)).toEqual([1, 1, 1]);
    expect(metrics.misclassified[0]).toMatchObject({ expected: 'x', predicted: null, best: 'x' });
  });

  it('refuses predictions that do not line up with the cases', () => {
    expect(() => scoreClassifier(inScope, [], [], [], [])).toThrow();
  });
});

describe('threshold sweep', () => {
  const inScope = [item('a', 'x'), item('b', 'x')];
  const sweep = sweepThresholds(
    inScope,
    [said('x', 0.8), said('x', 0.3)],
    [said('x', 0.5), said(null, 0.1, 'x')],
    [0, 0.4, 0.6, 0.9],
  );

  it('answers the best candidate at or above each threshold', () => {
    expect(sweep.map((p) => p.accuracy)).toEqual([1, 0.5, 0.5, 0]);
    expect(sweep.map((p) => p.outOfScopeDetection)).toEqual([0, 0.5, 1, 1]);
  });

  it('finds the lowest threshold that matches a detection rate', () => {
    expect(accuracyAtDetection(sweep, 1)?.threshold).toBe(0.6);
    expect(accuracyAtDetection(sweep, null)).toBeNull();
  });
});

describe('datasets', () => {
  const schema = z.object({ text: z.string(), intent: z.string().nullable() });

  it('reads JSON Lines, skipping blank lines', () => {
    const rows = parseJsonLines(
      'f.jsonl',
      '{"text":"a","intent":"x"}\n\n{"text":"b","intent":null}\n',
      schema,
    );
    expect(rows.map((r) => r.source)).toEqual(['f.jsonl:1', 'f.jsonl:3']);
  });

  it('names the file and line of a bad line', () => {
    expect(() => parseJsonLines('f.jsonl', '{"text":"a"}\n{oops', schema)).toThrow(DatasetError);
    expect(() => parseJsonLines('f.jsonl', '{"text":"a","intent":"x"}\n{oops', schema)).toThrow(/f\.jsonl:2/);
  });
});

describe('triage levels', () => {
  it('counts a higher level as reaching a lower one', () => {
    expect(reaches('emergency', 'urgent')).toBe(true);
    expect(reaches('gp', 'urgent')).toBe(false);
    expect(reaches('none', 'none')).toBe(true);
  });
});

describe('evaluation on the fixture knowledge base', () => {
  const paths = {
    intentsDir: 'test/fixtures/kb-eval/intents',
    knowledgeDir: 'test/fixtures/kb-eval/knowledge',
  };
  const engine = createEngine(loadKnowledgeBase(paths));
  const dev = {
    files: ['memory'],
    inScope: [
      item('why does my calf cramp every night in bed', 'night_cramps', 1),
      item('cramp while swimming in the sea, what do I do', 'swimming', 2),
      item('hello there', 'greeting', 3),
      item('something about an intent that does not exist', 'no_such_intent', 4),
    ],
    outOfScope: [item('what is the capital of Australia', null, 5)],
    triage: [
      {
        text: 'my calf is swollen and hot',
        level: 'urgent' as const,
        kind: 'redflag' as const,
        source: 't:6',
      },
      {
        text: 'I have chest pain and a sore calf',
        level: 'emergency' as const,
        kind: 'redflag' as const,
        source: 't:7',
      },
      {
        text: 'cramp in my calf after running',
        level: 'none' as const,
        kind: 'control' as const,
        source: 't:8',
      },
    ],
  };

  it('scores the engine, leaves out unknown labels and reports them', async () => {
    const report = await runEvaluation({ engine, dev, peers: false });
    expect(report.systems.map((s) => s.name)).toEqual(['engine']);
    expect(report.data.inScope).toBe(3);
    expect(report.hygiene.unknownLabels).toHaveLength(1);
    expect(report.systems[0]?.metrics.accuracy.total).toBe(3);
    expect(report.triage.recallEmergencyUrgent).toEqual({ count: 2, total: 2, rate: 1 });
    expect(report.triage.respondRecall.rate).toBe(1);
    expect(report.triage.falseAlarmsControls).toEqual({ count: 0, total: 1, rate: 0 });
  });

  it('runs the three peers on the same examples', async () => {
    const report = await runEvaluation({ engine, dev, peers: true });
    expect(report.systems.map((s) => s.name)).toEqual(['engine', 'nlpjs', 'fuse', 'fuse-token']);
    for (const system of report.systems) expect(system.metrics.accuracy.total).toBe(3);
  });

  it('flags development lines that are training examples', () => {
    const training = trainingExamples(engine.kb);
    const leaked = { ...dev, inScope: [item(training[0]?.text ?? '', training[0]?.intent ?? null)] };
    expect(checkHygiene(leaked, training, engine.kb.intents.keys()).hygiene.leaked).toHaveLength(1);
  });

  it('counts urgent answers to ordinary questions as false alarms', () => {
    const triage = evaluateTriage(engine, [], [item('my calf is swollen and hot', 'night_cramps')], []);
    expect(triage.falseAlarmsInScope.count).toBe(1);
  });
});

describe('benchmark helpers', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(summarise([1e6, 3e6]).perSecond).toBeCloseTo(500);
  });

  it('builds the same adversarial messages every run', () => {
    expect(withTypos('my calves cramp at night', prng(1))).toBe(
      withTypos('my calves cramp at night', prng(1)),
    );
    expect(withTypos('my calves cramp at night', prng(1))).not.toBe('my calves cramp at night');
    expect(gibberish(4000, prng(2))).toHaveLength(4000);
    const sets = buildInputSets({
      files: [],
      inScope: [item('why do my calves cramp at night', 'x')],
      outOfScope: [],
      triage: [],
    });
    for (const set of sets.filter((s) => s.long)) {
      for (const message of set.round(0)) expect(message.length).toBeLessThanOrEqual(4000);
    }
    expect(sets.find((s) => s.name === 'typos')?.round(0)).not.toEqual(
      sets.find((s) => s.name === 'typos')?.round(1),
    );
  });
});
