import { fixed, percent, points, showRate, table, truncate } from './format.js';
import type { ClassifierMetrics } from './metrics.js';
import type { EvalReport, SystemReport } from './run.js';
import type { TriageOutcome } from './triage.js';

/** What the project aims for. */
export const TARGETS = {
  accuracy: 0.9,
  /** Points of accuracy above the best peer. */
  marginOverPeers: 0.05,
  recallEmergencyUrgent: 1,
  falseAlarms: 0.03,
} as const;

export interface ReportOptions {
  /** Misclassified lines listed per system (the engine's are always listed in full unless limited). */
  misclassifiedLimit?: number;
  /** Print the threshold sweep of every system. */
  sweep?: boolean;
}

const mark = (ok: boolean | null): string => (ok === null ? '?' : ok ? 'PASS' : 'MISS');

const pairs = (list: Array<{ intent: string; count: number }>, max = 5): string =>
  list.length
    ? list
        .slice(0, max)
        .map((entry) => `${entry.intent} ×${entry.count}`)
        .join(', ')
    : '—';

const outcomeLine = (o: TriageOutcome): string =>
  `  ${o.source.padEnd(26)} expected ${String(o.expected ?? '-').padEnd(9)} got ${o.got.padEnd(9)} ${
    o.rules.length ? `[${o.rules.join(',')}] ` : ''
  }${truncate(o.text, 70)}`;

const sideBySide = (report: EvalReport): string => {
  const systems = report.systems;
  const engine = systems[0] as SystemReport;
  const row = (label: string, cell: (s: SystemReport) => string) => [label, ...systems.map(cell)];
  const m = (s: SystemReport): ClassifierMetrics => s.metrics;
  const rows = [
    row('Top-1 accuracy (in scope)', (s) => showRate(m(s).accuracy)),
    row('  vs engine (points)', (s) =>
      s === engine ? '' : points(m(s).accuracy.rate, m(engine).accuracy.rate),
    ),
    row('Macro F1 over intents', (s) => fixed(m(s).macroF1, 3)),
    row('Out-of-scope detection', (s) => showRate(m(s).outOfScopeDetection)),
    row('  vs engine (points)', (s) =>
      s === engine ? '' : points(m(s).outOfScopeDetection.rate, m(engine).outOfScopeDetection.rate),
    ),
    row('False null (in scope)', (s) => showRate(m(s).falseNull)),
    row('Threshold (confidence)', (s) => fixed(s.threshold, 2)),
    row("Accuracy at engine's OOS detection", (s) =>
      s.atEngineDetection
        ? `${percent(s.atEngineDetection.accuracy)} @ ${fixed(s.atEngineDetection.threshold, 2)}`
        : '—',
    ),
    row('Best balanced threshold', (s) => {
      const best = [...s.sweep].sort((a, b) => (b.balanced ?? -1) - (a.balanced ?? -1))[0];
      return best ? `${fixed(best.threshold, 2)} → ${percent(best.balanced)}` : '—';
    }),
  ];
  return table(['', ...systems.map((s) => s.name)], rows);
};

const perIntent = (report: EvalReport): string => {
  const [engine, ...peers] = report.systems as [SystemReport, ...SystemReport[]];
  const f1Of = (s: SystemReport, intent: string) =>
    fixed(s.metrics.perIntent.find((entry) => entry.intent === intent)?.f1 ?? null, 2);
  const rows = engine.metrics.perIntent.map((entry) => [
    entry.intent,
    String(entry.support),
    String(entry.predicted),
    percent(entry.precision, 0),
    percent(entry.recall, 0),
    fixed(entry.f1, 2),
    `${entry.taken} (${percent(entry.takenShare, 1)})`,
    ...peers.map((peer) => f1Of(peer, entry.intent)),
  ]);
  return table(
    [
      'intent (engine, worst first)',
      'n',
      'pred',
      'prec',
      'recall',
      'F1',
      "takes others'",
      ...peers.map((p) => `F1 ${p.name}`),
    ],
    rows,
  );
};

const triageSection = (report: EvalReport): string => {
  const t = report.triage;
  const lines = [
    table(
      ['Triage (engine only)', 'measured', 'target'],
      [
        ['Emergency recall', showRate(t.recall.emergency), '100%'],
        ['Urgent recall', showRate(t.recall.urgent), '100%'],
        ['GP recall', showRate(t.recall.gp), ''],
        ['Emergency + urgent recall', showRate(t.recallEmergencyUrgent), '100%'],
        ['Exact level (red flags)', showRate(t.exact), ''],
        ['Same through respond()', showRate(t.respondRecall), '100%'],
        ['False alarms: controls', showRate(t.falseAlarmsControls), ''],
        ['False alarms: in-scope questions', showRate(t.falseAlarmsInScope), ''],
        ['Safety question asked: in-scope questions', showRate(t.askedInScope), '<= 5%'],
        ['Safety question asked: controls', showRate(t.askedControls), ''],
        ['False alarms: controls + in-scope', showRate(t.falseAlarms), '≤ 3%'],
        ['False alarms: out-of-scope lines', showRate(t.falseAlarmsOutOfScope), ''],
      ],
    ),
  ];
  if (t.missed.length) lines.push('', `Missed red flags (${t.missed.length}):`, ...t.missed.map(outcomeLine));
  if (t.respondMissed.length)
    lines.push(
      '',
      `Red flags respond() did not escalate (${t.respondMissed.length}):`,
      ...t.respondMissed.map(outcomeLine),
    );
  if (t.alarms.length) lines.push('', `False alarms (${t.alarms.length}):`, ...t.alarms.map(outcomeLine));
  if (t.overTriaged.length)
    lines.push('', `Over-triaged red flags (${t.overTriaged.length}):`, ...t.overTriaged.map(outcomeLine));
  return lines.join('\n');
};

const conversationSection = (report: EvalReport): string => {
  const c = report.conversation;
  const o = (r: Record<string, number>) =>
    Object.entries(r)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  return [
    table(
      ['What respond() shows first (engine)', 'measured'],
      [
        ['In scope: right answer straight away', showRate(c.inScopeAnswered)],
        ['In scope: right answer, or offered as "did you mean"', showRate(c.inScopeReachable)],
        ['Out of scope: the out-of-scope reply', showRate(c.outOfScopeReply)],
      ],
    ),
    `  in scope: ${o(c.inScopeOutcomes)}`,
    `  out of scope: ${o(c.outOfScopeOutcomes)}`,
  ].join('\n');
};

const confusions = (system: SystemReport, max = 12): string => {
  const list = system.metrics.confusions.slice(0, max);
  if (!list.length) return `Top confusions (${system.name}): none`;
  return [
    `Top confusions (${system.name}, expected → answered):`,
    ...list.map(
      (c) =>
        `  ${String(c.count).padStart(3)} × ${c.expected ?? '(out of scope)'} → ${c.predicted ?? 'null'}`,
    ),
  ].join('\n');
};

const misclassified = (system: SystemReport, limit: number): string => {
  const list = system.metrics.misclassified;
  const shown = list.slice(0, limit);
  const lines = shown.map(
    (miss) =>
      `  ${miss.source.padEnd(26)} ${String(miss.expected ?? 'null').padEnd(20)} → ${String(miss.predicted ?? 'null').padEnd(20)} ${
        miss.predicted === null && miss.best
          ? `(best ${miss.best} ${fixed(miss.confidence, 2)}) `
          : `(${fixed(miss.confidence, 2)}) `
      }${truncate(miss.text, 70)}`,
  );
  if (list.length > shown.length) lines.push(`  … ${list.length - shown.length} more (--json lists all)`);
  return [`Misclassified (${system.name}: ${list.length}, expected → answered):`, ...lines].join('\n');
};

const sweepTable = (system: SystemReport): string =>
  table(
    [`Threshold sweep (${system.name})`, 'accuracy', 'OOS detection', 'mean'],
    system.sweep
      .filter((p) => Math.round(p.threshold * 100) % 5 === 0 || p.threshold === system.threshold)
      .map((p) => [
        `${fixed(p.threshold, 2)}${p.threshold === system.threshold ? ' (used)' : ''}`,
        percent(p.accuracy),
        percent(p.outOfScopeDetection),
        percent(p.balanced),
      ]),
  );

const targets = (report: EvalReport): string => {
  const [engine, ...peers] = report.systems as [SystemReport, ...SystemReport[]];
  const acc = engine.metrics.accuracy.rate;
  const oos = engine.metrics.outOfScopeDetection.rate;
  const bestPeerAcc = peers.length ? Math.max(...peers.map((p) => p.metrics.accuracy.rate ?? 0)) : null;
  const bestPeerOos = peers.length
    ? Math.max(...peers.map((p) => p.metrics.outOfScopeDetection.rate ?? 0))
    : null;
  const nlp = peers.find((p) => p.name === 'nlpjs');
  const t = report.triage;
  const rows: string[][] = [
    ['Top-1 accuracy ≥ 90%', percent(acc), mark(acc === null ? null : acc >= TARGETS.accuracy)],
    [
      'Accuracy ≥ NLP.js + 5 points',
      nlp ? `${points(acc, nlp.metrics.accuracy.rate)} points` : 'no peers run',
      mark(
        !nlp || acc === null
          ? null
          : acc - (nlp.metrics.accuracy.rate ?? 0) >= TARGETS.marginOverPeers - 1e-9,
      ),
    ],
    [
      'Accuracy above both fuse.js peers',
      bestPeerAcc === null
        ? 'no peers run'
        : `${points(acc, Math.max(...peers.filter((p) => p.name !== 'nlpjs').map((p) => p.metrics.accuracy.rate ?? 0)))} points`,
      mark(
        bestPeerAcc === null || acc === null
          ? null
          : peers.filter((p) => p.name !== 'nlpjs').every((p) => acc > (p.metrics.accuracy.rate ?? 0)),
      ),
    ],
    [
      'Out-of-scope detection ≥ every peer',
      bestPeerOos === null ? 'no peers run' : `${points(oos, bestPeerOos)} points vs best peer`,
      mark(bestPeerOos === null || oos === null ? null : oos >= bestPeerOos),
    ],
    [
      'Emergency + urgent recall 100%',
      percent(t.recallEmergencyUrgent.rate),
      mark(
        t.recallEmergencyUrgent.rate === null
          ? null
          : t.recallEmergencyUrgent.rate >= TARGETS.recallEmergencyUrgent,
      ),
    ],
    [
      'False urgent/emergency alarms ≤ 3%',
      percent(t.falseAlarms.rate),
      mark(t.falseAlarms.rate === null ? null : t.falseAlarms.rate <= TARGETS.falseAlarms),
    ],
  ];
  return table(['Targets', 'measured', ''], rows);
};

const hygiene = (report: EvalReport): string => {
  const h = report.hygiene;
  const lines = [
    `Data checks: ${h.leaked.length} dev line(s) identical to a training example, ${h.duplicates.length} duplicate(s), ${h.unknownLabels.length} with an unknown intent (not scored), ${h.untestedIntents.length} intent(s) without dev lines${h.untestedIntents.length ? ` (${h.untestedIntents.join(', ')})` : ''}.`,
  ];
  for (const item of h.unknownLabels.slice(0, 10))
    lines.push(`  unknown intent "${item.intent}" at ${item.source}`);
  for (const item of h.leaked.slice(0, 10))
    lines.push(`  leaked: ${item.source} = example of ${item.trainedAs}: ${truncate(item.text, 60)}`);
  for (const item of h.duplicates.slice(0, 10))
    lines.push(`  duplicate: ${item.source} repeats ${item.firstSeen}`);
  return lines.join('\n');
};

/** Each other language, measured like English: the engine's accuracy, out-of-scope detection and triage. */
const languagesSection = (report: EvalReport): string[] =>
  (report.languages ?? []).map((language) => {
    const m = language.engine.metrics;
    const t = language.triage;
    const lines = [
      `Language "${language.lang}" (${language.files.join(', ')}): ${language.inScope} in-scope, ${language.outOfScope} out-of-scope lines.`,
      table(
        [`Engine, ${language.lang}`, 'measured', 'target'],
        [
          ['Top-1 accuracy (in scope)', showRate(m.accuracy), '≥ 85%'],
          ['Out-of-scope detection', showRate(m.outOfScopeDetection), '≥ 90%'],
          ['Emergency recall', showRate(t.recall.emergency), '≥ 97%'],
          ['Emergency + urgent recall', showRate(t.recallEmergencyUrgent), '100%'],
          ['Urgent recall', showRate(t.recall.urgent), '≥ 97%'],
          ['GP recall', showRate(t.recall.gp), ''],
          ['Same through respond()', showRate(t.respondRecall), '100%'],
          ['False alarms: controls', showRate(t.falseAlarmsControls), '≤ 5%'],
          ['False alarms: controls + in-scope', showRate(t.falseAlarms), ''],
        ],
      ),
    ];
    if (t.missed.length)
      lines.push('', `Missed red flags (${t.missed.length}):`, ...t.missed.map(outcomeLine));
    if (t.alarms.length) lines.push('', `False alarms (${t.alarms.length}):`, ...t.alarms.map(outcomeLine));
    const wrong = misclassified(language.engine, 40);
    return [...lines, '', wrong].join('\n');
  });

/** The human-readable report printed by `npm run eval`. */
export const formatReport = (report: EvalReport, options: ReportOptions = {}): string => {
  const limit = options.misclassifiedLimit ?? 60;
  const d = report.data;
  const [engine, ...peers] = report.systems as [SystemReport, ...SystemReport[]];
  const parts = [
    `crampbot evaluation (${report.generatedAt})`,
    `Data: ${d.inScope} in-scope and ${d.outOfScope} out-of-scope lines, ${d.triage.redflag} red-flag and ${d.triage.control} control triage lines (${d.files.join(', ') || 'no files'}); ${d.intents} intents, ${d.trainingExamples} training examples.`,
    hygiene(report),
    report.systems.map((s) => `  ${s.name}: ${s.description}`).join('\n'),
    sideBySide(report),
    report.systems
      .map((s) => `Out-of-scope lines answered as (${s.name}): ${pairs(s.metrics.outOfScopeAnsweredAs)}`)
      .join('\n'),
    targets(report),
    triageSection(report),
    conversationSection(report),
    perIntent(report),
    confusions(engine),
    ...peers.map((peer) => confusions(peer, 5)),
    misclassified(engine, limit),
    ...languagesSection(report),
  ];
  if (options.sweep) parts.push(...report.systems.map(sweepTable));
  return `${parts.join('\n\n')}\n`;
};
