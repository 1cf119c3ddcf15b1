/**
 * npm run eval [-- --json] [--no-peers] [--sweep] [--all] [--data test/data] [--kb <root with intents/ and knowledge/>]
 * Runs the engine and its peers over the development set and prints the report (or JSON with --json).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultPaths, KnowledgeError } from '../engine/index.js';
import { DatasetError, formatReport, runEvaluation } from '../eval/index.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    save: { type: 'string' },
    'no-peers': { type: 'boolean', default: false },
    sweep: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    data: { type: 'string' },
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
  --kb DIR      project root holding intents/ and knowledge/ (default .)`);
  process.exit(0);
}

try {
  const report = await runEvaluation({
    paths: defaultPaths(values.kb ?? process.cwd()),
    ...(values.data ? { dataDir: values.data } : {}),
    peers: !values['no-peers'],
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  if (values.save) writeFileSync(values.save, `${JSON.stringify(report, null, 2)}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else
    process.stdout.write(
      formatReport(report, {
        sweep: values.sweep,
        misclassifiedLimit: values.all ? Number.POSITIVE_INFINITY : 60,
      }),
    );
} catch (error) {
  if (error instanceof KnowledgeError || error instanceof DatasetError) {
    console.error(`eval: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
