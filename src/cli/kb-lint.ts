import { loadKnowledgeBase } from '../engine/index.js';
import { intentCoverage, REQUIRED_INTENTS } from '../engine/kb/coverage.js';
import { translationCoverage } from '../engine/kb/translations.js';
import { checkExamples } from '../engine/triage/index.js';
import { reviewRedFlags } from '../engine/triage/review.js';
import { runCli } from './run.js';

/**
 * Validates the knowledge base exactly as start-up does, then prints a coverage summary and every
 * red-flag rule with its medical-facts row, examples and controls (for clinical review without code).
 * `--summary` leaves the rules out; `--concepts` adds every concept's words.
 */
runCli(() => {
  const args = process.argv.slice(2);
  // Built from the files, never from a compiled snapshot: the review prints the concepts as written.
  const kb = loadKnowledgeBase(undefined, { snapshotDir: null });
  const rows = intentCoverage(kb);
  const pad = (value: string | number, width: number) => String(value).padEnd(width);
  const header = `${pad('intent', 22)}${pad('examples', 10)}${pad('answer', 8)}${pad('follow', 8)}${pad('sources', 9)}${pad('ctx', 5)}${pad('replies', 9)}status`;
  const lines = rows.map(
    (row) =>
      `${pad(row.intent, 22)}${pad(row.examples, 10)}${pad(row.answerChars, 8)}${pad(row.followups, 8)}${pad(row.sources, 9)}${pad(row.contexts, 5)}${pad(row.replies, 9)}${
        row.problems.length ? `INCOMPLETE: ${row.problems.join('; ')}` : 'ok'
      }${row.notes.length ? ` (${row.notes.join('; ')})` : ''}`,
  );
  const complete = rows.filter((row) => row.problems.length === 0).length;
  const required = REQUIRED_INTENTS.length;
  const byLevel = new Map<string, number>();
  for (const rule of kb.redFlags.rules) byLevel.set(rule.level, (byLevel.get(rule.level) ?? 0) + 1);
  const examples = rows.reduce((sum, row) => sum + row.examples, 0);
  process.stdout.write(
    [
      header,
      ...lines,
      '',
      `${complete}/${rows.length} intents complete (${required} required), ${examples} examples, ${kb.replies.size} named replies`,
      `red-flag rules: ${['emergency', 'urgent', 'gp'].map((level) => `${level} ${byLevel.get(level) ?? 0}`).join(', ')}`,
      `countries: ${[...kb.countries.byCode.keys()].join(', ')} (default ${kb.countries.defaultCode})`,
      '',
    ].join('\n'),
  );
  if (!args.includes('--summary'))
    process.stdout.write(`\n${reviewRedFlags(kb.redFlags, { concepts: args.includes('--concepts') })}\n`);
  const problems = checkExamples(kb.redFlags);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exitCode = 1;
  }
  if (complete < rows.length) process.exitCode = 1;
  // Every language the bot speaks (it has knowledge/messages.<lang>.yaml) needs every topic.
  const translations = translationCoverage(kb);
  const unusable = translations.filter((row) => row.problems.length > 0);
  const incomplete = translations.filter((row) => row.problems.length === 0 && row.notes.length > 0);
  const languages = [...kb.translations.keys()];
  const translationLines = [
    ...unusable.map((row) => `${row.lang} ${pad(row.intent, 22)}MISSING: ${row.problems.join('; ')}`),
    ...incomplete.map(
      (row) => `${row.lang} ${pad(row.intent, 22)}partly translated: ${row.notes.join('; ')}`,
    ),
  ];
  process.stdout.write(
    [
      `languages: en${languages.map((lang) => `, ${lang}`).join('')}`,
      ...translationLines,
      ...languages.map((lang) => {
        const mine = translations.filter((row) => row.lang === lang);
        const full = mine.filter((row) => row.problems.length === 0 && row.notes.length === 0).length;
        return `${lang}: ${full}/${mine.length} topics fully translated, ${mine.filter((row) => row.problems.length).length} missing`;
      }),
      '',
    ].join('\n'),
  );
  if (complete < rows.length || unusable.length > 0) process.exitCode = 1;
});
