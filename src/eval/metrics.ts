import type { IntentCase, Prediction } from './types.js';

/** A share with what it is a share of, so reports can print "93.1% (121/130)". */
export interface Rate {
  count: number;
  total: number;
  /** count / total, or null when total is 0. */
  rate: number | null;
}

export const rate = (count: number, total: number): Rate => ({
  count,
  total,
  rate: total === 0 ? null : count / total,
});

export interface IntentScore {
  intent: string;
  /** Development lines labelled with this intent. */
  support: number;
  /** Messages (in scope or not) the classifier gave this intent. */
  predicted: number;
  correct: number;
  /** In-scope lines of other intents answered with this one. */
  taken: number;
  /** `taken` as a share of all in-scope lines of other intents: how much this topic pulls in. */
  takenShare: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface Confusion {
  expected: string | null;
  predicted: string | null;
  count: number;
}

export interface Miss {
  source: string;
  text: string;
  expected: string | null;
  predicted: string | null;
  /** The best candidate and its confidence, also when the classifier answered null. */
  best: string | null;
  confidence: number;
}

export interface ClassifierMetrics {
  /** Top-1 accuracy on in-scope lines (null answers count as wrong). */
  accuracy: Rate;
  /** In-scope lines answered null. */
  falseNull: Rate;
  /** Out-of-scope lines answered null. */
  outOfScopeDetection: Rate;
  /** Out-of-scope lines by the intent they were wrongly given, most frequent first. */
  outOfScopeAnsweredAs: Array<{ intent: string; count: number }>;
  /** Unweighted mean F1 over intents with support. */
  macroF1: number | null;
  /** Worst first (F1, then recall, then support). */
  perIntent: IntentScore[];
  /** Most frequent first; excludes correct answers. */
  confusions: Confusion[];
  misclassified: Miss[];
}

const safeDivide = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** `intents` lists every intent the classifier can answer (so intents it never predicts still get a row). */
export const scoreClassifier = (
  inScope: IntentCase[],
  inScopePredictions: Prediction[],
  outOfScope: IntentCase[],
  outOfScopePredictions: Prediction[],
  intents: Iterable<string>,
): ClassifierMetrics => {
  if (inScope.length !== inScopePredictions.length || outOfScope.length !== outOfScopePredictions.length) {
    throw new Error('every case needs exactly one prediction');
  }
  const rows = new Map<string, { support: number; predicted: number; correct: number; taken: number }>();
  const row = (intent: string) => {
    let entry = rows.get(intent);
    if (!entry) {
      entry = { support: 0, predicted: 0, correct: 0, taken: 0 };
      rows.set(intent, entry);
    }
    return entry;
  };
  for (const intent of intents) row(intent);
  const confusions = new Map<string, Confusion>();
  const misclassified: Miss[] = [];
  let correct = 0;
  let falseNull = 0;
  const record = (item: IntentCase, prediction: Prediction) => {
    if (item.intent) row(item.intent).support++;
    if (prediction.intent) row(prediction.intent).predicted++;
    if (prediction.intent === item.intent) {
      if (item.intent) {
        row(item.intent).correct++;
        correct++;
      }
      return;
    }
    if (item.intent && prediction.intent === null) falseNull++;
    if (item.intent && prediction.intent) row(prediction.intent).taken++;
    const key = `${item.intent}\u0000${prediction.intent}`;
    const confusion = confusions.get(key) ?? {
      expected: item.intent,
      predicted: prediction.intent,
      count: 0,
    };
    confusion.count++;
    confusions.set(key, confusion);
    misclassified.push({
      source: item.source,
      text: item.text,
      expected: item.intent,
      predicted: prediction.intent,
      best: prediction.best,
      confidence: prediction.confidence,
    });
  };
  inScope.forEach((item, index) => {
    record(item, inScopePredictions[index] as Prediction);
  });
  const answeredAs = new Map<string, number>();
  let detected = 0;
  outOfScope.forEach((item, index) => {
    const prediction = outOfScopePredictions[index] as Prediction;
    record(item, prediction);
    if (prediction.intent === null) detected++;
    else answeredAs.set(prediction.intent, (answeredAs.get(prediction.intent) ?? 0) + 1);
  });

  const perIntent: IntentScore[] = [...rows].map(([intent, r]) => {
    const precision = safeDivide(r.correct, r.predicted);
    const recall = safeDivide(r.correct, r.support);
    const f1 =
      precision === null || recall === null
        ? null
        : precision + recall === 0
          ? 0
          : (2 * precision * recall) / (precision + recall);
    const takenShare = safeDivide(r.taken, inScope.length - r.support);
    return { intent, ...r, takenShare, precision, recall, f1 };
  });
  const worstFirst = (a: IntentScore, b: IntentScore) =>
    (a.f1 ?? 2) - (b.f1 ?? 2) ||
    (a.recall ?? 2) - (b.recall ?? 2) ||
    b.support - a.support ||
    a.intent.localeCompare(b.intent);
  perIntent.sort(worstFirst);
  const scored = perIntent.filter((entry) => entry.support > 0);
  const macroF1 = scored.length
    ? scored.reduce((sum, entry) => sum + (entry.f1 ?? 0), 0) / scored.length
    : null;

  return {
    accuracy: rate(correct, inScope.length),
    falseNull: rate(falseNull, inScope.length),
    outOfScopeDetection: rate(detected, outOfScope.length),
    outOfScopeAnsweredAs: [...answeredAs]
      .map(([intent, count]) => ({ intent, count }))
      .sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent)),
    macroF1,
    perIntent,
    confusions: [...confusions.values()].sort(
      (a, b) => b.count - a.count || String(a.expected).localeCompare(String(b.expected)),
    ),
    misclassified,
  };
};

export interface SweepPoint {
  threshold: number;
  accuracy: number | null;
  outOfScopeDetection: number | null;
  /** Mean of the two: one number to compare thresholds by. */
  balanced: number | null;
}

/**
 * What accuracy and out-of-scope detection would be at other thresholds, from the best candidate and its
 * confidence (so one classification pass serves every threshold).
 */
export const sweepThresholds = (
  inScope: IntentCase[],
  inScopePredictions: Prediction[],
  outOfScopePredictions: Prediction[],
  thresholds: number[],
): SweepPoint[] =>
  thresholds.map((threshold) => {
    const answer = (p: Prediction) => (p.best !== null && p.confidence >= threshold ? p.best : null);
    const correct = inScope.filter(
      (item, i) => answer(inScopePredictions[i] as Prediction) === item.intent,
    ).length;
    const detected = outOfScopePredictions.filter((p) => answer(p) === null).length;
    const accuracy = safeDivide(correct, inScope.length);
    const outOfScopeDetection = safeDivide(detected, outOfScopePredictions.length);
    const balanced =
      accuracy === null || outOfScopeDetection === null ? null : (accuracy + outOfScopeDetection) / 2;
    return { threshold, accuracy, outOfScopeDetection, balanced };
  });

/** 0, 0.01, ..., 1: fine enough to match operating points; reports print every fifth. */
export const DEFAULT_SWEEP = Array.from({ length: 101 }, (_, i) => i / 100);

/**
 * Accuracy at the lowest threshold whose out-of-scope detection is at least `detection`: compares
 * classifiers at the same operating point, whatever threshold each was shipped with.
 */
export const accuracyAtDetection = (sweep: SweepPoint[], detection: number | null): SweepPoint | null => {
  if (detection === null) return null;
  const sorted = [...sweep].sort((a, b) => a.threshold - b.threshold);
  return sorted.find((point) => (point.outOfScopeDetection ?? 0) >= detection - 1e-9) ?? null;
};
