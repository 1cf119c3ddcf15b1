import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine/index.js';
import { confusionMatrix, confusionPng, confusionSvg } from '../../src/eval/confusion-image.js';
import { loadSet, runEvaluation, scoreClassifier } from '../../src/eval/index.js';

const folder = mkdtempSync(join(tmpdir(), 'crampbot-set-'));
const file = join(folder, 'invented.jsonl');
writeFileSync(
  file,
  [
    '{"text": "why do my calves cramp when I am in bed", "intent": "night_cramps"}',
    '{"text": "what should I do right now, my calf has a cramp", "intent": "first_aid"}',
    '{"text": "what time does the football start tonight", "intent": null}',
    '{"text": "my calf is hot, red and swollen", "level": "urgent", "kind": "redflag"}',
  ].join('\n'),
);

describe('scoring any labelled set', () => {
  it('reads intent, out-of-scope and triage lines from one file', () => {
    const set = loadSet(file);
    expect(set.inScope.map((item) => item.intent)).toEqual(['night_cramps', 'first_aid']);
    expect(set.outOfScope).toHaveLength(1);
    expect(set.triage).toEqual([expect.objectContaining({ level: 'urgent', kind: 'redflag' })]);
  });

  it('reads every .jsonl file of a folder as one set', () => {
    writeFileSync(
      join(folder, 'second.jsonl'),
      '{"text": "is magnesium worth taking", "intent": "supplements"}\n',
    );
    writeFileSync(join(folder, 'notes.txt'), 'not a set');
    const set = loadSet(folder);
    expect(set.files.sort()).toEqual(['invented.jsonl', 'second.jsonl']);
    expect(set.inScope).toHaveLength(3);
  });

  it('scores the engine on it like on the development set', async () => {
    const report = await runEvaluation({ engine: loadEngine(), dev: loadSet(file), peers: false });
    expect(report.data.inScope).toBe(2);
    expect(report.systems[0]?.metrics.accuracy.total).toBe(2);
  });
});

describe('per-topic balance and the confusion picture', () => {
  const cases = [
    { text: 'a', intent: 'night_cramps', source: 'x:1' },
    { text: 'b', intent: 'night_cramps', source: 'x:2' },
    { text: 'c', intent: 'first_aid', source: 'x:3' },
    { text: 'd', intent: null, source: 'x:4' },
  ];
  const predictions = [
    { intent: 'night_cramps', best: 'night_cramps', confidence: 0.9 },
    { intent: 'after_cramp_soreness', best: 'after_cramp_soreness', confidence: 0.4 },
    { intent: 'after_cramp_soreness', best: 'after_cramp_soreness', confidence: 0.4 },
    { intent: null, best: null, confidence: 0 },
  ];
  const intents = ['after_cramp_soreness', 'first_aid', 'night_cramps'];

  it('counts how much of the other topics each topic takes', () => {
    const metrics = scoreClassifier(
      cases.slice(0, 3),
      predictions.slice(0, 3),
      [cases[3] as never],
      [predictions[3] as never],
      intents,
    );
    const sticky = metrics.perIntent.find((entry) => entry.intent === 'after_cramp_soreness');
    expect(sticky?.taken).toBe(2);
    expect(sticky?.takenShare).toBeCloseTo(2 / 3);
  });

  it('puts every message in the row of its topic and the column of its answer', () => {
    const { labels, counts } = confusionMatrix({ cases, predictions, intents, title: 't' });
    expect(labels).toEqual([...intents, 'out of scope / not sure']);
    expect(counts[2]).toEqual([1, 0, 1, 0]);
    expect(counts[1]).toEqual([1, 0, 0, 0]);
    expect(counts[3]).toEqual([0, 0, 0, 1]);
  });

  it('renders a PNG with every topic named', () => {
    const svg = confusionSvg({ cases, predictions, intents, title: 'test set' });
    for (const intent of intents) expect(svg).toContain(`>${intent}<`);
    const png = confusionPng({ cases, predictions, intents, title: 'test set' });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});
