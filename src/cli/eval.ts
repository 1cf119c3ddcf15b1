/**
 * npm run eval [-- --json] [--no-peers] [--sweep] [--all] [--data test/data] [--set FILE|DIR] [--kb <root>]
 * Runs the engine and its peers over the development set (or any labelled set) and prints the report (or
 * JSON with --json), with a confusion picture as PNG. Blind sets in test/data/blind/ are scored separately.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultPaths, type Engine, KnowledgeError, loadEngine } from '../engine/index.js';
import { confusionPng } from '../eval/confusion-image.js';
import {
  answerableIntents,
  BLIND_DIR,
  DatasetError,
  type DevSet,
  formatReport,
  loadDevSet,
  loadSet,
  runEvaluation,
} from '../eval/index.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    save: { type: 'string' },
    'no-peers': { type: 'boolean', default: false },
    sweep: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    data: { type: 'string' },
    set: { type: 'string' },
    image: { type: 'string' },
    'no-image': { type: 'boolean', default: false },
    'no-blind': { type: 'boolean', default: false },
    kb: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run eval -- [options]
  --json        machine-readable report on stdout
  --save FILE   also write the JSON report to FILE
  --no-peers    engine only (skips training NLP.js and the fuse.js peers)
  --sweep       also print accuracy / out-of-scope detection at other thresholds
  --all         list every misclassified line (default: first 60)
  --data DIR    development set folder (default test/data)
  --set PATH    score this labelled JSONL file (or every .jsonl in this folder) instead of the dev set
  --image FILE  where the confusion picture goes (default docs/eval-confusion.png, or
                docs/eval-confusion-<set>.png with --set)
  --no-image    no confusion picture
  --no-blind    skip the blind sets in test/data/blind/ (scored separately when the folder exists)
  --kb DIR      project root holding intents/ and knowledge/ (default .)`);
  process.exit(0);
}

/** Renders what the engine answered on a set as the confusion picture. */
const saveConfusion = (engine: Engine, set: DevSet, file: string, title: string): void => {
  const cases = [...set.inScope, ...set.outOfScope];
  const predictions = cases.map((item) => {
    const answer = engine.classify(item.text);
    return { intent: answer.intent, best: answer.intent, confidence: answer.confidence };
  });
  writeFileSync(file, confusionPng({ cases, predictions, intents: answerableIntents(engine.kb), title }));
  process.stderr.write(`eval: confusion picture written to ${file}\n`);
};

const evaluate = async (
  engine: Engine,
  set: DevSet,
  name: string,
  image: string | null,
  dataDir: string,
  languages = false,
) => {
  const report = await runEvaluation({
    engine,
    dev: set,
    dataDir,
    languages,
    peers: !values['no-peers'],
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  if (image && !values['no-image'])
    saveConfusion(engine, set, image, `crampbot engine on ${name} (${report.generatedAt.slice(0, 10)})`);
  return report;
};

try {
  const engine = loadEngine(defaultPaths(values.kb ?? process.cwd()));
  const dataDir = values.data ?? 'test/data';
  // The development run also scores the Russian (and any other language's) development lines.
  const runs: Array<{ name: string; set: DevSet; image: string | null; dir: string; languages?: boolean }> =
    [];
  if (values.set) {
    const name = basename(values.set).replace(/\.jsonl$/, '');
    runs.push({
      name,
      set: loadSet(values.set),
      image: values.image ?? join('docs', `eval-confusion-${name}.png`),
      dir: values.set,
    });
  } else {
    runs.push({
      name: 'the development set',
      set: loadDevSet(dataDir),
      image: values.image ?? join('docs', 'eval-confusion.png'),
      dir: dataDir,
      languages: true,
    });
    // Blind sets are scored apart, one by one, so the dev score never hides them (and they never mix).
    if (!values['no-blind'] && existsSync(BLIND_DIR)) {
      for (const file of readdirSync(BLIND_DIR)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()) {
        const name = `blind/${file.replace(/\.jsonl$/, '')}`;
        runs.push({
          name,
          set: loadSet(join(BLIND_DIR, file)),
          image: join('docs', `eval-confusion-blind-${file.replace(/\.jsonl$/, '')}.png`),
          dir: join(BLIND_DIR, file),
        });
      }
    }
  }
  const reports = [];
  for (const run of runs) {
    const report = await evaluate(engine, run.set, run.name, run.image, run.dir, run.languages);
    reports.push({ name: run.name, report });
  }
  const [main] = reports;
  if (values.save)
    writeFileSync(values.save, `${JSON.stringify(reports.length === 1 ? main?.report : reports, null, 2)}\n`);
  if (values.json)
    process.stdout.write(`${JSON.stringify(reports.length === 1 ? main?.report : reports, null, 2)}\n`);
  else
    for (const { name, report } of reports) {
      if (reports.length > 1) process.stdout.write(`\n===== ${name} =====\n`);
      process.stdout.write(
        formatReport(report, {
          sweep: values.sweep,
          misclassifiedLimit: values.all ? Number.POSITIVE_INFINITY : 60,
        }),
      );
    }
} catch (error) {
  if (error instanceof KnowledgeError || error instanceof DatasetError) {
    console.error(`eval: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
