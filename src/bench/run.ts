import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LatencyStats } from './measure.js';
import { benchStart, type StartFigures } from './start.js';
import { BOT_CAPPED_FLAGS, type Subject, type WorkerOptions, type WorkerResult } from './subjects.js';

/** What the project asks of the engine and the bot. */
export const BENCH_TARGETS = {
  /** p99 of engine.respond() on ordinary messages (dev set, typos). */
  p99OrdinaryMs: 2,
  /** p99 of engine.respond() on 4,000-character messages. */
  p99LongMs: 20,
  /** engine.respond() on the development set, one core. */
  messagesPerSecond: 5000,
  /** `npm start` (README): from starting the bot to its first answer (terminal chat, and web chat). */
  firstAnswerMs: 1000,
  /** loadEngine(): load, validate, build the index. */
  startupMs: 150,
  /** engine.respond() messages/s over NLP.js classify() messages/s, same messages, same run. */
  respondVsNlpjs: 2,
  /** Peak resident memory of the whole bot (bot subject). */
  botRssMb: 150,
} as const;

export interface BenchOptions {
  root: string;
  dataDir: string;
  subjects: Subject[];
  /** Multiplies time budgets; 1 by default, 0.25 with --quick. */
  scale: number;
  botUpdates: number;
  /** CPU to pin every subject to with taskset (Linux), or null to run unpinned. */
  cpu: number | null;
  profile: boolean;
  /** Runs per subject; figures keep the best run (see `bestOf`). */
  repeat?: number;
  /** Progress lines go here (stderr by default). */
  log?: (line: string) => void;
}

export interface Environment {
  node: string;
  platform: string;
  cpuModel: string;
  cpus: number;
  pinned: string;
  /** RSS of a bare `node` (no tsx loader), for comparison with the node + tsx baseline subject. */
  bareNodeRssMb: number | null;
}

export interface BenchReport {
  generatedAt: string;
  environment: Environment;
  results: Partial<Record<Subject, WorkerResult>>;
  errors: Array<{ subject: Subject; message: string }>;
  /** One-minute load average of the machine when each subject started: above 0 means others were busy too. */
  load: Partial<Record<Subject, number>>;
  /** `npm start` as the README runs it (subject `start`). */
  start?: StartFigures;
}

// Compiled (npm run build) the worker is worker.js beside this file, so the bench can measure plain node too.
const WORKER = fileURLToPath(
  new URL(import.meta.url.endsWith('.js') ? './worker.js' : './worker.ts', import.meta.url),
);

const hasTaskset = (): boolean => {
  if (process.platform !== 'linux') return false;
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
};

const bareNodeRss = (): number | null => {
  const probe = spawnSync(
    process.execPath,
    ['--expose-gc', '-e', 'gc(); process.stdout.write(String(process.memoryUsage().rss))'],
    { encoding: 'utf8' },
  );
  const bytes = Number(probe.stdout);
  return probe.status === 0 && bytes > 0 ? Math.round((bytes / 1024 / 1024) * 10) / 10 : null;
};

/** Runs one subject in a fresh Node process (same loader flags as this one, plus --expose-gc). */
const runWorker = (options: WorkerOptions, cpu: number | null): Promise<WorkerResult> =>
  new Promise((resolve, reject) => {
    const extra = options.subject === 'bot-capped' ? BOT_CAPPED_FLAGS : [];
    const nodeArgs = [...process.execArgv, '--expose-gc', ...extra, WORKER, JSON.stringify(options)];
    const [command, args] =
      cpu === null
        ? [process.execPath, nodeArgs]
        : ['taskset', ['-c', String(cpu), process.execPath, ...nodeArgs]];
    const child = spawn(command, args as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout
        .split('\n')
        .find((l) => l.startsWith('BENCH_RESULT ') || l.startsWith('BENCH_ERROR '));
      if (line?.startsWith('BENCH_RESULT ')) {
        resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as WorkerResult);
        return;
      }
      const detail = line
        ? (JSON.parse(line.slice('BENCH_ERROR '.length)) as { message: string }).message
        : '';
      reject(
        new Error(
          `${options.subject} failed (exit ${code}): ${detail || stderr.trim().split('\n').slice(-5).join(' | ')}`,
        ),
      );
    });
  });

export const runBench = async (options: BenchOptions): Promise<BenchReport> => {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pin = options.cpu !== null && hasTaskset() ? options.cpu : null;
  const environment: Environment = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpus: availableParallelism(),
    pinned: pin === null ? 'not pinned (taskset unavailable or --cpu none)' : `taskset -c ${pin}`,
    bareNodeRssMb: bareNodeRss(),
  };
  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    environment,
    results: {},
    errors: [],
    load: {},
  };
  // Empty for the engine subject (a cold load writes the snapshot), then read by versus (a warm load).
  const snapshotDir = mkdtempSync(join(tmpdir(), 'crampbot-bench-kb-'));
  for (const subject of options.subjects) {
    const started = Date.now();
    const repeat = Math.max(1, options.repeat ?? 1);
    log(`bench: ${subject}${repeat > 1 ? ` (best of ${repeat})` : ''}…`);
    report.load[subject] = loadavg()[0] ?? 0;
    if (subject === 'start') {
      try {
        report.start = await benchStart(options.root);
        log(`bench: start done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (error) {
        report.errors.push({ subject, message: (error as Error).message });
        log(`bench: ${(error as Error).message}`);
      }
      continue;
    }
    try {
      const runs: WorkerResult[] = [];
      for (let i = 0; i < repeat; i++) {
        runs.push(
          await runWorker(
            {
              subject,
              root: options.root,
              dataDir: options.dataDir,
              scale: options.scale,
              botUpdates: options.botUpdates,
              // One profile is enough: only the first run carries it.
              profile: options.profile && subject === 'engine' && i === 0,
              snapshotDir,
            },
            pin,
          ),
        );
      }
      report.results[subject] = bestOf(runs);
      log(`bench: ${subject} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      const message = (error as Error).message;
      report.errors.push({ subject, message });
      log(`bench: ${message}`);
    }
  }
  rmSync(snapshotDir, { recursive: true, force: true });
  return report;
};

/**
 * Combines repeated runs of one subject: per handler and family the run with the lowest p99, the lowest
 * start-up time; memory and everything else from the first run. Other processes on the machine only ever
 * make a run slower, so the best run is the closest to the subject's own cost.
 */
export const bestOf = (runs: WorkerResult[]): WorkerResult => {
  const [first, ...rest] = runs;
  if (!first) throw new Error('no runs');
  const latency: WorkerResult['latency'] = structuredClone(first.latency);
  for (const run of rest) {
    for (const [handler, families] of Object.entries(run.latency)) {
      const target = latency[handler] ?? {};
      latency[handler] = target;
      for (const [family, stats] of Object.entries(families)) {
        const current = target[family];
        if (!current || stats.p99Ms < current.p99Ms) target[family] = stats;
      }
    }
  }
  return {
    ...first,
    latency,
    startupMs: Math.min(...runs.map((run) => run.startupMs)),
    notes: runs.length > 1 ? [...first.notes, `best of ${runs.length} runs`] : first.notes,
  };
};

/** Latency of one handler over one family, if measured. */
export const stat = (
  report: BenchReport,
  subject: Subject,
  handler: string,
  family: string,
): LatencyStats | undefined => report.results[subject]?.latency[handler]?.[family];
