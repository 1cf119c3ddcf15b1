/**
 * One benchmark subject in a process of its own, so start-up time and resident memory are its alone.
 * Started by run.ts as `node <tsx loader> worker.ts '<json options>'`; prints one `BENCH_RESULT {...}` line.
 */
import { join } from 'node:path';
import { loadDevSet } from '../eval/datasets.js';
import type { Classifier } from '../eval/types.js';
import { buildInputSets } from './inputs.js';
import {
  type Budget,
  DEFAULT_BUDGET,
  type LatencyStats,
  LONG_BUDGET,
  measure,
  timeRounds,
  warmUp,
} from './measure.js';
import { type HotSpots, hotSpots, profiled } from './profile.js';
import { BOT_CAPPED_FLAGS, type Memory, type WorkerOptions, type WorkerResult } from './subjects.js';

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

const memory = (): Memory => {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return {
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    heapTotalMb: mb(usage.heapTotal),
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
  };
};

type Handler = (text: string) => unknown;

const run = async (options: WorkerOptions): Promise<WorkerResult> => {
  const paths = { intentsDir: join(options.root, 'intents'), knowledgeDir: join(options.root, 'knowledge') };
  const load = options.snapshotDir === undefined ? {} : { snapshotDir: options.snapshotDir };
  const dev = loadDevSet(options.dataDir);
  const families = buildInputSets(dev, loadDevSet(options.dataDir, 'ru'));
  const scaled = (budget: Budget): Budget => ({
    targetSamples: budget.targetSamples,
    maxMs: budget.maxMs * options.scale,
    warmupMs: budget.warmupMs * options.scale,
  });
  const notes: string[] = [];
  const handlers: Record<string, Handler> = {};
  const startupExtra: Record<string, number> = {};
  let importMs = 0;
  let startupMs = 0;
  let bot: unknown;
  let versus: WorkerResult['versus'];
  /** Work that is not per-message latency (the bot runs), done after the start-up memory snapshot. */
  let work: (() => Promise<void>) | undefined;
  const importStart = process.hrtime.bigint();

  switch (options.subject) {
    case 'baseline':
      break;
    case 'engine': {
      const { loadEngine, initialState } = await import('../engine/index.js');
      importMs = elapsedMs(importStart);
      const start = process.hrtime.bigint();
      const engine = loadEngine(paths, load);
      startupMs = elapsedMs(start);
      handlers.respond = (text) => engine.respond(initialState(), { type: 'text', text });
      handlers.classify = (text) => engine.classify(text);
      handlers.triage = (text) => engine.triage(text);
      break;
    }
    case 'nlpjs': {
      const { readIntentExamples } = await import('./examples.js');
      const { createNlpjsPeer, newNlpManager, nlpjsClassifier, quietly } = await import(
        '../eval/peers/nlpjs.js'
      );
      importMs = elapsedMs(importStart);
      const start = process.hrtime.bigint();
      const peer = await createNlpjsPeer(readIntentExamples(paths.intentsDir));
      startupMs = elapsedMs(start);
      const model = peer.manager.export(true);
      const loadStart = process.hrtime.bigint();
      const loaded = newNlpManager();
      await quietly(() => loaded.import(model));
      startupExtra.modelLoadMs = elapsedMs(loadStart);
      const classifier: Classifier = nlpjsClassifier(loaded);
      handlers.classify = (text) => classifier.classify(text);
      notes.push(
        'timed on the reloaded model (manager.import of the trained export), as a deployment would run it',
      );
      break;
    }
    case 'versus': {
      const { loadEngine, initialState } = await import('../engine/index.js');
      const { readIntentExamples } = await import('./examples.js');
      const { createNlpjsPeer } = await import('../eval/peers/nlpjs.js');
      const { sideBySide } = await import('./versus.js');
      importMs = elapsedMs(importStart);
      const start = process.hrtime.bigint();
      const engine = loadEngine(paths, load);
      startupMs = elapsedMs(start);
      const peer = await createNlpjsPeer(readIntentExamples(paths.intentsDir));
      const respond = (text: string) => engine.respond(initialState(), { type: 'text', text });
      const nlpjs = (text: string) => peer.classify(text);
      work = async () => {
        versus = {};
        for (const family of families.filter((f) => f.name === 'dev' || f.name === 'typos')) {
          versus[family.name] = await sideBySide(
            respond,
            nlpjs,
            family,
            8 * options.scale + 2,
            scaled(DEFAULT_BUDGET).warmupMs,
          );
        }
      };
      notes.push('engine.respond() and NLP.js classify() alternate round by round in one process');
      break;
    }
    case 'fuse':
    case 'fuse-token': {
      const { readIntentExamples } = await import('./examples.js');
      const { createFusePeer, createFuseTokenPeer } = await import('../eval/peers/fuse.js');
      importMs = elapsedMs(importStart);
      const start = process.hrtime.bigint();
      const examples = readIntentExamples(paths.intentsDir);
      const peer = options.subject === 'fuse' ? createFusePeer(examples) : createFuseTokenPeer(examples);
      startupMs = elapsedMs(start);
      handlers.classify = (text) => peer.classify(text);
      break;
    }
    case 'bot':
    case 'bot-capped': {
      const { loadEngine } = await import('../engine/index.js');
      const { benchBot } = await import('./bot.js');
      importMs = elapsedMs(importStart);
      const start = process.hrtime.bigint();
      const engine = loadEngine(paths, load);
      startupMs = elapsedMs(start);
      const texts = [...dev.inScope, ...dev.outOfScope, ...dev.triage].map((item) => item.text);
      const updates = options.botUpdates;
      const warmup = Math.min(2000, updates);
      work = async () => {
        const memoryStore = await benchBot(engine, texts, { store: 'memory', updates, warmup });
        const sqliteStore = await benchBot(engine, texts, { store: 'sqlite', updates, warmup });
        bot = { memory: memoryStore, sqlite: sqliteStore };
      };
      if (options.subject === 'bot-capped') notes.push(`node ${BOT_CAPPED_FLAGS.join(' ')}`);
      break;
    }
  }
  const memoryAfterStartup = memory();
  await work?.();

  const latency: Record<string, Record<string, LatencyStats>> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    latency[name] = {};
    for (const family of families) {
      const budget = scaled(family.long ? LONG_BUDGET : DEFAULT_BUDGET);
      (latency[name] as Record<string, LatencyStats>)[family.name] = await measure(handler, family, budget);
    }
  }
  const memoryAtEnd = memory();
  let profile: Record<string, HotSpots> | undefined;
  const respond = handlers.respond;
  if (options.profile && respond) {
    profile = {};
    for (const family of families) {
      const budget = scaled(family.long ? LONG_BUDGET : DEFAULT_BUDGET);
      await warmUp(respond, family, budget.warmupMs);
      const cpu = await profiled(() => timeRounds(respond, family, budget));
      profile[family.name] = hotSpots(cpu, options.root);
    }
  }
  return {
    subject: options.subject,
    importMs,
    startupMs,
    startupExtra,
    memoryAfterStartup,
    memoryAtEnd,
    latency,
    ...(bot ? { bot } : {}),
    ...(versus ? { versus } : {}),
    ...(profile ? { profile } : {}),
    notes,
  };
};

const options = JSON.parse(process.argv[2] ?? '{}') as WorkerOptions;
run(options).then(
  (result) => {
    process.stdout.write(`\nBENCH_RESULT ${JSON.stringify(result)}\n`);
  },
  (error: unknown) => {
    process.stdout.write(
      `\nBENCH_ERROR ${JSON.stringify({ subject: options.subject, message: error instanceof Error ? (error.stack ?? error.message) : String(error) })}\n`,
    );
    process.exitCode = 1;
  },
);
