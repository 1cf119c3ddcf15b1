/**
 * npm run bench [-- --json] [--quick] [--only engine,nlpjs,...] [--profile] [--cpu N|none] [--updates N]
 * Start-up, memory, latency and throughput of the engine, its peers and the whole bot, each in its own process.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildInputSets } from '../bench/inputs.js';
import { formatBench } from '../bench/report.js';
import { runBench } from '../bench/run.js';
import { SUBJECTS, type Subject } from '../bench/subjects.js';
import { DEFAULT_DATA_DIR, loadDevSet } from '../eval/datasets.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    save: { type: 'string' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    cpu: { type: 'string', default: '0' },
    updates: { type: 'string', default: '5000' },
    repeat: { type: 'string', default: '1' },
    data: { type: 'string', default: DEFAULT_DATA_DIR },
    kb: { type: 'string', default: process.cwd() },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run bench -- [options]
  --json          machine-readable report on stdout
  --save FILE     also write the JSON report to FILE
  --quick         a quarter of the time budgets (noisier figures)
  --only LIST     subjects, comma-separated: ${SUBJECTS.join(',')}
  --profile       also profile engine.respond() per input family (separate pass)
  --cpu N|none    CPU to pin every subject to with taskset (default 0)
  --updates N     updates per bot run (default 5000)
  --repeat N      run every subject N times and keep each figure's best run (default 1)
  --data DIR      development set folder (default test/data)
  --kb DIR        project root holding intents/ and knowledge/ (default .)`);
  process.exit(0);
}

const subjects = (values.only ? values.only.split(',').map((s) => s.trim()) : [...SUBJECTS]) as Subject[];
const unknown = subjects.filter((s) => !SUBJECTS.includes(s));
if (unknown.length) {
  console.error(`bench: unknown subject(s) ${unknown.join(', ')}; choose from ${SUBJECTS.join(', ')}`);
  process.exit(2);
}

const report = await runBench({
  root: values.kb,
  dataDir: values.data,
  subjects,
  scale: values.quick ? 0.25 : 1,
  botUpdates: Number(values.updates),
  cpu: values.cpu === 'none' ? null : Number(values.cpu),
  profile: values.profile,
  repeat: Number(values.repeat),
});
if (values.save) writeFileSync(values.save, `${JSON.stringify(report, null, 2)}\n`);
if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else {
  const notes = Object.fromEntries(
    buildInputSets(loadDevSet(values.data), loadDevSet(values.data, 'ru')).map((set) => [
      set.name,
      set.description,
    ]),
  );
  process.stdout.write(formatBench(report, notes));
}
if (report.errors.length) process.exitCode = 1;
