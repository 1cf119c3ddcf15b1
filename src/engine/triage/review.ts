/**
 * The whole red-flag safety logic as plain text for a clinician: every rule with its level, the
 * medical-facts row it follows, what makes it fire, and whether each example and control behaves;
 * then the context rules (history, worry, numbers, memory) and, on request, every concept's words.
 */
import { LEVELS } from '../types.js';
import { explainTriage, type RedFlagRules } from './index.js';

const quote = (text: string): string => `"${text}"`;

export interface ReviewOptions {
  /** Also list every concept with all its phrases. */
  concepts?: boolean;
}

export const reviewRedFlags = (rules: RedFlagRules, options: ReviewOptions = {}): string => {
  const lines: string[] = [];
  const ordered = [...rules.rules].sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
  let problems = 0;
  for (const rule of ordered) {
    lines.push(`${rule.level.toUpperCase().padEnd(9)} ${rule.id}: ${rule.title}   (${rule.file})`);
    lines.push(`  source:   ${rule.basis}`);
    lines.push(
      `  fires on: ${rule.when.map((alternative) => alternative.map((name) => (name.startsWith('!') ? `no ${name.slice(1)}` : name)).join(' + ')).join('  |  ')}`,
    );
    for (const example of rule.examples) {
      const trace = explainTriage(example, rules);
      const ok = trace.rules.includes(rule.id) && trace.level === rule.level;
      if (!ok) problems++;
      lines.push(
        `  example ${ok ? 'ok ' : 'BAD'} ${quote(example)}${ok ? '' : ` -> ${trace.level} ${trace.rules.join(',')}`}`,
      );
    }
    for (const control of rule.controls) {
      const trace = explainTriage(control, rules);
      const ok = !trace.rules.includes(rule.id);
      if (!ok) problems++;
      lines.push(
        `  control ${ok ? 'ok ' : 'BAD'} ${quote(control)}${ok ? '' : ` -> fires (${trace.level})`}`,
      );
    }
    lines.push('');
  }
  const context = rules.sources.context;
  if (context) {
    const data = context.data;
    lines.push(`Context (${context.file}):`);
    lines.push(
      `  words that belong to a number or idiom, not a symptom: ${data.exclusive.join(', ') || '-'}`,
    );
    if (data.history)
      lines.push(
        `  past, not now: clauses with ${data.history.markers} and no ${data.history.present}; risk factors that still count: ${data.history.keeps.join(', ')}`,
      );
    if (data.history?.recent && data.history.resolved)
      lines.push(
        `  a recent day (${data.history.recent}) is past when a later clause says it is over (${data.history.resolved}), else now`,
      );
    if (data.hypothetical) lines.push(`  worry or supposition (not a report) after: ${data.hypothetical}`);
    if (data.alarm) lines.push(`  safety question asked on: ${data.alarm}, when no rule settles a level`);
    if (data.safety_question)
      for (const option of data.safety_question.options)
        lines.push(`    [${option.label}] -> ${option.rules.join(', ') || 'carry on'}`);
    if (data.carry)
      lines.push(`  remembered for ${data.carry.hours} h across turns: ${data.carry.concepts.join(', ')}`);
    lines.push('');
  }
  if (options.concepts) {
    lines.push('Concepts (phrases by language file):');
    for (const [name, concept] of rules.sources.concepts) {
      const byFile = new Map<string, string[]>();
      for (const phrase of concept.phrases)
        byFile.set(phrase.file, [...(byFile.get(phrase.file) ?? []), phrase.text]);
      for (const [file, phrases] of byFile) lines.push(`  ${name} (${file}): ${phrases.join('; ')}`);
    }
    lines.push('');
  }
  lines.push(
    `${rules.rules.length} red-flag rules, ${rules.sources.concepts.size} concepts; ${problems === 0 ? 'every example and control behaves' : `${problems} examples or controls misbehave`}`,
  );
  return lines.join('\n');
};
