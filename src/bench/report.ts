import { table } from '../eval/format.js';
import type { BotBenchResult } from './bot.js';
import type { LatencyStats } from './measure.js';
import { BENCH_TARGETS, type BenchReport, stat } from './run.js';
import { BOT_CAPPED_FLAGS, type Subject } from './subjects.js';

/** Rows of the latency tables: what was timed in which subject. */
export const ROWS: Array<{ label: string; subject: Subject; handler: string }> = [
  { label: 'engine respond()', subject: 'engine', handler: 'respond' },
  { label: 'engine classify()', subject: 'engine', handler: 'classify' },
  { label: 'engine triage()', subject: 'engine', handler: 'triage' },
  { label: 'NLP.js', subject: 'nlpjs', handler: 'classify' },
  { label: 'fuse.js', subject: 'fuse', handler: 'classify' },
  { label: 'fuse.js token', subject: 'fuse-token', handler: 'classify' },
];

const PEERS: Array<{ label: string; subject: Subject }> = [
  { label: 'NLP.js', subject: 'nlpjs' },
  { label: 'fuse.js', subject: 'fuse' },
  { label: 'fuse.js token', subject: 'fuse-token' },
];

export const ms = (value: number | undefined): string => {
  if (value === undefined) return '—';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
};

export const perSecond = (value: number | undefined): string =>
  value === undefined ? '—' : Math.round(value).toLocaleString('en-US');

export const ratio = (value: number | undefined): string => {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (value >= 10) return `${value.toFixed(0)}×`;
  return value >= 1 ? `${value.toFixed(1)}×` : `${value.toPrecision(2)}×`;
};

const familiesOf = (report: BenchReport): string[] => {
  for (const result of Object.values(report.results)) {
    const first = result && Object.values(result.latency)[0];
    if (first) return Object.keys(first);
  }
  return [];
};

const measuredRows = (report: BenchReport) =>
  ROWS.filter((row) => report.results[row.subject]?.latency[row.handler]);

const latencyTable = (report: BenchReport, families: string[]): string =>
  table(
    ['p50 / p99 ms per message', ...families],
    measuredRows(report).map((row) => [
      row.label,
      ...families.map((family) => {
        const s = stat(report, row.subject, row.handler, family);
        return s ? `${ms(s.p50Ms)} / ${ms(s.p99Ms)}` : '—';
      }),
    ]),
  );

const throughputTable = (report: BenchReport, families: string[]): string =>
  table(
    ['messages/s, one core (n timed)', ...families],
    measuredRows(report).map((row) => [
      row.label,
      ...families.map((family) => {
        const s = stat(report, row.subject, row.handler, family);
        return s ? `${perSecond(s.perSecond)} (${s.n})` : '—';
      }),
    ]),
  );

const startupTable = (report: BenchReport): string => {
  const subjects: Array<{ label: string; subject: Subject; what: string }> = [
    { label: 'node + tsx, nothing loaded', subject: 'baseline', what: '' },
    {
      label: 'engine',
      subject: 'engine',
      what: 'loadEngine() cold: read + validate KB, build index, write snapshot',
    },
    { label: 'NLP.js', subject: 'nlpjs', what: 'read examples + train' },
    { label: 'fuse.js', subject: 'fuse', what: 'read examples + build index' },
    { label: 'fuse.js token', subject: 'fuse-token', what: 'read examples + build index' },
    { label: 'whole bot', subject: 'bot', what: 'loadEngine(); end = after all bot updates' },
    {
      label: 'whole bot, heap capped',
      subject: 'bot-capped',
      what: `same, node ${BOT_CAPPED_FLAGS.join(' ')}`,
    },
  ];
  const baseline = report.results.baseline;
  const mbText = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(1));
  return table(
    [
      'Start-up and memory (MB)',
      'import ms',
      'start-up ms',
      'RSS ready',
      'over node+tsx',
      'heap live',
      'RSS end',
      'heap reserved end',
      'peak RSS',
      'start-up is',
    ],
    subjects
      .filter((s) => report.results[s.subject])
      .map((s) => {
        const r = report.results[s.subject];
        const extra = r?.startupExtra.modelLoadMs;
        const isBaseline = s.subject === 'baseline';
        return [
          s.label,
          isBaseline ? '' : ms(r?.importMs),
          isBaseline ? '' : `${ms(r?.startupMs)}${extra !== undefined ? ` (model load ${ms(extra)})` : ''}`,
          mbText(r?.memoryAfterStartup.rssMb),
          baseline && r && !isBaseline
            ? mbText(r.memoryAfterStartup.rssMb - baseline.memoryAfterStartup.rssMb)
            : '',
          mbText(r?.memoryAfterStartup.heapUsedMb),
          mbText(r?.memoryAtEnd.rssMb),
          mbText(r?.memoryAtEnd.heapTotalMb),
          mbText(r?.memoryAtEnd.maxRssMb),
          s.what,
        ];
      }),
  );
};

/** How many times better the engine is than each peer (higher = engine better). */
const ratioTable = (report: BenchReport, families: string[]): string => {
  const engine = report.results.engine;
  if (!engine) return 'Ratios: the engine was not measured.';
  const rows = PEERS.filter((peer) => report.results[peer.subject]).map((peer) => {
    const result = report.results[peer.subject];
    const cells = families.map((family) => {
      const e = stat(report, 'engine', 'classify', family);
      const p = stat(report, peer.subject, 'classify', family);
      if (!e || !p) return '—';
      return `${ratio(e.perSecond / p.perSecond)} / ${ratio(p.p99Ms / e.p99Ms)}`;
    });
    return [
      peer.label,
      ...cells,
      ratio((result?.startupMs ?? 0) / engine.startupMs),
      ratio((result?.memoryAtEnd.maxRssMb ?? 0) / engine.memoryAtEnd.maxRssMb),
    ];
  });
  const nlpjs = report.results.nlpjs;
  const respondRow = nlpjs
    ? [
        [
          'engine respond() vs NLP.js',
          ...families.map((family) => {
            const e = stat(report, 'engine', 'respond', family);
            const p = stat(report, 'nlpjs', 'classify', family);
            return e && p ? `${ratio(e.perSecond / p.perSecond)} / ${ratio(p.p99Ms / e.p99Ms)}` : '—';
          }),
          ratio(nlpjs.startupMs / engine.startupMs),
          ratio(nlpjs.memoryAtEnd.maxRssMb / engine.memoryAtEnd.maxRssMb),
        ],
      ]
    : [];
  return table(
    ['engine vs peer: msg/s × / p99 ×', ...families, 'start-up ×', 'peak RSS ×'],
    [...respondRow, ...rows.map(([label, ...rest]) => [`engine classify() vs ${label}`, ...rest])],
  );
};

/**
 * respond() (normalise, triage, classify, compose) over NLP.js classify() alone, msg/s, one family: from the
 * side-by-side subject when it ran (same process, alternating rounds), else from the two separate subjects.
 */
const respondOverNlpjs = (report: BenchReport, family: string): number | undefined => {
  const sideBySide = report.results.versus?.versus?.[family]?.ratio;
  if (sideBySide !== undefined) return sideBySide;
  const e = stat(report, 'engine', 'respond', family);
  const p = stat(report, 'nlpjs', 'classify', family);
  return e && p ? e.perSecond / p.perSecond : undefined;
};

/** engine.respond() and NLP.js alternating in one process: the ratio a busy machine cannot skew. */
const versusTable = (report: BenchReport): string | null => {
  const versus = report.results.versus?.versus;
  if (!versus) return null;
  return table(
    [
      'Side by side, one process (versus)',
      'rounds × messages',
      'respond() msg/s',
      'NLP.js msg/s',
      'ratio',
      'p99 respond / NLP.js ms',
    ],
    Object.entries(versus).map(([family, v]) => [
      family,
      `${v.rounds} × ${Math.round(v.messages / v.rounds)}`,
      perSecond(v.respondPerSecond),
      perSecond(v.nlpjsPerSecond),
      ratio(v.ratio),
      `${ms(v.respondP99Ms)} / ${ms(v.nlpjsP99Ms)}`,
    ]),
  );
};

interface TargetRow {
  label: string;
  measured: number | undefined;
  target: number;
  unit: string;
  higherIsBetter: boolean;
}

const targetRows = (report: BenchReport, families: string[]): TargetRow[] => {
  const engine = report.results.engine;
  // long-1000 is there only for the growth ratio; it is neither an ordinary nor a 4,000-character family.
  const ordinary = families.filter((f) => !f.startsWith('long-') && !f.endsWith('-4000'));
  const long = families.filter((f) => f.endsWith('-4000'));
  const worst = (list: string[]) => {
    const values = list
      .map((f) => stat(report, 'engine', 'respond', f)?.p99Ms)
      .filter((v) => v !== undefined);
    return values.length ? Math.max(...(values as number[])) : undefined;
  };
  const bot = report.results.bot;
  return [
    {
      label: `p99 respond(), ordinary (worst of ${ordinary.join(', ')})`,
      measured: worst(ordinary),
      target: BENCH_TARGETS.p99OrdinaryMs,
      unit: 'ms',
      higherIsBetter: false,
    },
    {
      label: `p99 respond(), 4,000 chars (worst of ${long.join(', ')})`,
      measured: worst(long),
      target: BENCH_TARGETS.p99LongMs,
      unit: 'ms',
      higherIsBetter: false,
    },
    {
      label: 'respond() messages/s, dev set, one core',
      measured: stat(report, 'engine', 'respond', 'dev')?.perSecond,
      target: BENCH_TARGETS.messagesPerSecond,
      unit: '/s',
      higherIsBetter: true,
    },
    ...(['dev', 'typos'] as const).map((family) => ({
      label: `respond() msg/s ÷ NLP.js msg/s, ${family} (${report.results.versus?.versus ? 'side by side' : 'same run'})`,
      measured: respondOverNlpjs(report, family),
      target: BENCH_TARGETS.respondVsNlpjs,
      unit: '×',
      higherIsBetter: true,
    })),
    {
      label: 'Start-up cold (loadEngine, no knowledge snapshot yet)',
      measured: engine?.startupMs,
      target: BENCH_TARGETS.startupMs,
      unit: 'ms',
      higherIsBetter: false,
    },
    {
      label: 'Start-up warm (loadEngine in a fresh process, snapshot of the cold load)',
      measured: engine ? report.results.versus?.startupMs : undefined,
      target: BENCH_TARGETS.startupMs,
      unit: 'ms',
      higherIsBetter: false,
    },
    {
      label: 'npm start (README): bot started to first answer in the terminal chat',
      measured: report.start?.terminalFirstAnswerMs ?? undefined,
      target: BENCH_TARGETS.firstAnswerMs,
      unit: 'ms',
      higherIsBetter: false,
    },
    {
      label: 'npm start (README): bot started to first answer over the web chat',
      measured: report.start?.firstAnswerMs,
      target: BENCH_TARGETS.firstAnswerMs,
      unit: 'ms',
      higherIsBetter: false,
    },
    {
      label: 'npm start (README): peak RSS of the bot process',
      measured: report.start?.peakRssMb ?? undefined,
      target: BENCH_TARGETS.botRssMb,
      unit: 'MB',
      higherIsBetter: false,
    },
    {
      label: 'Whole bot peak RSS (node + tsx, default heap)',
      measured: bot?.memoryAtEnd.maxRssMb,
      target: BENCH_TARGETS.botRssMb,
      unit: 'MB',
      higherIsBetter: false,
    },
    {
      label: `Whole bot peak RSS (${BOT_CAPPED_FLAGS.join(' ')})`,
      measured: report.results['bot-capped']?.memoryAtEnd.maxRssMb,
      target: BENCH_TARGETS.botRssMb,
      unit: 'MB',
      higherIsBetter: false,
    },
    {
      label: 'Growth of respond() p50 from 1,000 to 4,000 chars (linear ≈ 4, quadratic ≈ 16)',
      measured: growthForFourTimesLonger(report),
      target: 10,
      unit: '×',
      higherIsBetter: false,
    },
  ];
};

/** p50 of the long-4000 stories over p50 of the same stories cut to 1,000 characters, in this run. */
const growthForFourTimesLonger = (report: BenchReport): number | undefined => {
  const full = stat(report, 'engine', 'respond', 'long-4000')?.p50Ms;
  const quarter = stat(report, 'engine', 'respond', 'long-1000')?.p50Ms;
  return full !== undefined && quarter ? full / quarter : undefined;
};

/** `npm start` as the README runs it, and start-up cold and warm. */
const startSection = (report: BenchReport): string | null => {
  const lines: string[] = [];
  const cold = report.results.engine?.startupMs;
  const warm = report.results.versus?.startupMs;
  if (cold !== undefined && warm !== undefined)
    lines.push(
      `loadEngine(): cold ${ms(cold)} ms (no snapshot), warm ${ms(warm)} ms (fresh process, snapshot of the cold load): warm/cold ${ratio(warm / cold)}`,
    );
  const start = report.start;
  if (start)
    lines.push(
      `${start.command}: prestart bundle ${ms(start.bundleMs)} ms; then from starting the bot: terminal chat ready after ${start.terminalReadyMs === null ? '?' : ms(start.terminalReadyMs)} ms, first answer there after ${start.terminalFirstAnswerMs === null ? '?' : ms(start.terminalFirstAnswerMs)} ms; web chat ready after ${ms(start.readyMs)} ms, first answer after ${ms(start.firstAnswerMs)} ms; bot peak RSS ${start.peakRssMb === null ? '?' : start.peakRssMb.toFixed(1)} MB`,
    );
  return lines.length ? lines.join('\n') : null;
};

const targetsTable = (report: BenchReport, families: string[]): string =>
  table(
    ['Targets', 'measured', 'target', 'headroom', ''],
    targetRows(report, families).map((row) => {
      if (row.measured === undefined) return [row.label, '—', `${row.target} ${row.unit}`, '', '?'];
      const ok = row.higherIsBetter ? row.measured >= row.target : row.measured < row.target;
      // Headroom: how many times inside the target (>1) or how far outside (<1).
      const headroom = row.higherIsBetter ? row.measured / row.target : row.target / row.measured;
      const shown =
        row.unit === '/s'
          ? perSecond(row.measured)
          : row.unit === 'MB'
            ? row.measured.toFixed(1)
            : row.unit === '×'
              ? row.measured.toFixed(1)
              : ms(row.measured);
      const miss = ok
        ? ''
        : row.unit === '×'
          ? ` by ${Math.abs(row.measured - row.target).toFixed(2)}×`
          : ` by ${row.higherIsBetter ? perSecond(row.target - row.measured) : ms(row.measured - row.target)} ${row.unit}`;
      return [
        row.label,
        `${shown} ${row.unit}`,
        `${row.higherIsBetter ? '≥' : '<'} ${row.target.toLocaleString('en-US')} ${row.unit}`,
        ratio(headroom),
        `${ok ? 'PASS' : 'MISS'}${miss}`,
      ];
    }),
  );

const botTable = (report: BenchReport): string | null => {
  const runs = (['bot', 'bot-capped'] as const).flatMap((subject) => {
    const bot = report.results[subject]?.bot as
      | { memory?: BotBenchResult; sqlite?: BotBenchResult }
      | undefined;
    return bot ? [bot.memory, bot.sqlite].flatMap((r) => (r ? [{ subject, r }] : [])) : [];
  });
  if (!runs.length) return null;
  const rows = runs.map(({ subject, r }) => [
    `${subject === 'bot' ? 'grammY stack' : 'heap capped'}, ${r.store} sessions`,
    perSecond(r.sequential.perSecond),
    `${ms(r.sequential.p50Ms)} / ${ms(r.sequential.p99Ms)}`,
    perSecond(r.concurrentPerSecond),
    String(r.updates),
    `${r.mix.text} text, ${r.mix.command} commands, ${r.mix.button} buttons`,
    String(r.apiCalls),
  ]);
  return table(
    [
      'Whole bot (Bot API stubbed)',
      'updates/s',
      'p50 / p99 ms',
      'updates/s ×64 in flight',
      'n',
      'mix',
      'API calls',
    ],
    rows,
  );
};

const profileSection = (report: BenchReport): string | null => {
  const profile = report.results.engine?.profile;
  if (!profile) return null;
  const lines = ['Where engine.respond() spends its time (sampled in a separate, untimed pass):'];
  const share = (value: number) => `${(value * 100).toFixed(1).padStart(5)}%`;
  for (const [family, spots] of Object.entries(profile)) {
    lines.push(`  ${family}, including callees (engine code):`);
    for (const spot of spots.inclusive.slice(0, 10)) lines.push(`    ${share(spot.share)}  ${spot.where}`);
    lines.push(`  ${family}, self time:`);
    for (const spot of spots.self.slice(0, 6)) lines.push(`    ${share(spot.share)}  ${spot.where}`);
  }
  return lines.join('\n');
};

const worstCase = (report: BenchReport, families: string[]): string => {
  const lines = ['Worst case per subject (highest p99 over all families):'];
  for (const row of measuredRows(report)) {
    let worst: { family: string; s: LatencyStats } | undefined;
    for (const family of families) {
      const s = stat(report, row.subject, row.handler, family);
      if (s && (!worst || s.p99Ms > worst.s.p99Ms)) worst = { family, s };
    }
    if (worst)
      lines.push(
        `  ${row.label.padEnd(18)} ${worst.family.padEnd(15)} p99 ${ms(worst.s.p99Ms)} ms, max ${ms(worst.s.maxMs)} ms`,
      );
  }
  return lines.join('\n');
};

export const formatBench = (report: BenchReport, familyNotes: Record<string, string> = {}): string => {
  const families = familiesOf(report);
  const env = report.environment;
  const parts = [
    `crampbot benchmark (${report.generatedAt})`,
    `Node ${env.node} on ${env.platform}, ${env.cpuModel} (${env.cpus} CPUs), ${env.pinned}. Every subject runs in its own process (node + tsx; npm start itself runs a bundle under plain node, see the start subject; a bare node process is ${env.bareNodeRssMb ?? '?'} MB RSS).`,
    `Load average when each subject started (other processes share the machine; the busier, the noisier): ${
      Object.entries(report.load)
        .map(([subject, load]) => `${subject} ${load.toFixed(2)}`)
        .join(', ') || '—'
    }.`,
    Object.entries(familyNotes)
      .map(([name, note]) => `  ${name.padEnd(15)} ${note}`)
      .join('\n'),
    latencyTable(report, families),
    throughputTable(report, families),
    worstCase(report, families),
    startupTable(report),
    ratioTable(report, families),
    versusTable(report),
    startSection(report),
    targetsTable(report, families),
    botTable(report),
    profileSection(report),
    ...Object.values(report.results).flatMap((r) =>
      r?.notes.length ? [`Note (${r.subject}): ${r.notes.join('; ')}`] : [],
    ),
    report.errors.length
      ? `Errors:\n${report.errors.map((e) => `  ${e.subject}: ${e.message}`).join('\n')}`
      : null,
  ];
  return `${parts.filter((part): part is string => Boolean(part)).join('\n\n')}\n`;
};
