/**
 * Red-flag triage: decides from the raw user message whether a "cramp" may be something that needs a
 * doctor today or an ambulance now. Rules live in knowledge/red-flags.yaml; this module only reads them.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { fromZodError, KnowledgeError } from '../kb/errors.js';
import type { Level, TriageResult } from '../types.js';
import { Compiler } from './compile.js';
import { type CompiledRule, evaluate, type TriageTrace } from './evaluate.js';
import { ENGLISH, type TriageGrammar } from './grammar.js';
import type { Matcher } from './match.js';
import { redFlagsFileSchema, redFlagsTranslationSchema } from './schema.js';

export type { TriageTrace } from './evaluate.js';
export type { TriageGrammar } from './grammar.js';
export { RUSSIAN } from './russian.js';

export interface RedFlagRule {
  id: string;
  level: Exclude<Level, 'none'>;
  /** Short name shown on buttons and in reports, e.g. "Possible blood clot". */
  title: string;
  /** What to do now; `{number}` is replaced with the user's emergency number (see `replyText`). */
  reply: string;
  /** The medical-facts row (and sources) the rule follows. */
  basis: string;
  /** Alternatives of concept names; any one fully present fires the rule. */
  when: string[][];
  /** Messages that must fire this rule. */
  examples: string[];
  /** Messages that must not fire this rule. */
  controls: string[];
}

export interface RedFlagRules {
  rules: RedFlagRule[];
  byId: Map<string, RedFlagRule>;
  /** Compiled phrases and typo index; built once by `loadRedFlags`/`compileRedFlags`. */
  matcher: Matcher;
  compiled: CompiledRule[];
}

/**
 * Validates and compiles red-flag data already parsed from YAML. `file` is only used in error messages.
 * Throws KnowledgeError naming the file and the field.
 */
export const compileRedFlags = (
  data: unknown,
  file: string,
  grammar: TriageGrammar = ENGLISH,
): RedFlagRules => {
  const parsed = redFlagsFileSchema.safeParse(data);
  if (!parsed.success) throw fromZodError(file, parsed.error);
  const matcher = new Compiler(file, parsed.data, grammar).compile();
  const index = new Map(matcher.conceptNames.map((name, i) => [name, i]));
  const rules: RedFlagRule[] = parsed.data.rules.map((rule) => ({ ...rule }));
  const compiled = rules.map((rule) => ({
    id: rule.id,
    level: rule.level,
    when: rule.when.map((alternative) => alternative.map((name) => index.get(name) as number)),
  }));
  return { rules, byId: new Map(rules.map((rule) => [rule.id, rule])), matcher, compiled };
};

/** Reads and validates knowledge/red-flags.yaml; throws KnowledgeError naming the file and field. */
export const loadRedFlags = (file: string): RedFlagRules =>
  compileRedFlags(readRedFlagsYaml(file), shownPath(file));

const shownPath = (file: string): string => relative(process.cwd(), file) || file;

/** Reads a red-flag YAML file; throws KnowledgeError when it is missing or not YAML. */
export const readRedFlagsYaml = (file: string): unknown => {
  const shown = shownPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new KnowledgeError(shown, null, 'file is missing or unreadable');
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new KnowledgeError(shown, null, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return data;
};

/** Reads another language's red-flag words (see compileTranslatedRedFlags). */
export const loadTranslatedRedFlags = (
  file: string,
  base: RedFlagRules,
  grammar: TriageGrammar,
): RedFlagRules => compileTranslatedRedFlags(readRedFlagsYaml(file), shownPath(file), base, grammar);

/** Everything triage saw in a message (concepts, negations, question check) as well as the result. */
export const explainTriage = (text: string, rules: RedFlagRules): TriageTrace =>
  evaluate(text, rules.matcher, rules.compiled);

/** Checks one message for red flags; independent of the intent. `text` is the raw user message. */
export const triage = (text: string, rules: RedFlagRules): TriageResult => {
  const { level, rules: fired } = evaluate(text, rules.matcher, rules.compiled);
  return { level, rules: fired };
};

/** The rule's reply with the user's emergency number filled in. */
export const replyText = (rule: RedFlagRule, emergencyNumber: string): string =>
  rule.reply.replaceAll('{number}', emergencyNumber);

/** Examples that do not fire their rule, and controls that do; empty when the file is consistent. */
export const checkExamples = (rules: RedFlagRules): string[] => {
  const problems: string[] = [];
  for (const rule of rules.rules) {
    for (const example of rule.examples) {
      const result = triage(example, rules);
      if (!result.rules.includes(rule.id)) problems.push(`${rule.id}: example does not fire: "${example}"`);
      else if (result.level !== rule.level) {
        problems.push(`${rule.id}: example reaches ${result.level}, not ${rule.level}: "${example}"`);
      }
    }
    for (const control of rule.controls) {
      if (triage(control, rules).rules.includes(rule.id))
        problems.push(`${rule.id}: control fires: "${control}"`);
    }
  }
  return problems;
};

/**
 * Another language's words for the same rules: concepts in that language, and per rule id its title,
 * reply, examples and controls. The rules' levels and `when` stay those of the English file, so a rule can
 * never mean something else in another language. Throws KnowledgeError naming the file and field.
 */
export const compileTranslatedRedFlags = (
  data: unknown,
  file: string,
  base: RedFlagRules,
  grammar: TriageGrammar,
): RedFlagRules => {
  const parsed = redFlagsTranslationSchema.safeParse(data);
  if (!parsed.success) throw fromZodError(file, parsed.error);
  for (const id of Object.keys(parsed.data.rules)) {
    if (!base.byId.has(id))
      throw new KnowledgeError(file, `rules.${id}`, 'is not a rule of knowledge/red-flags.yaml');
  }
  const rules = base.rules.map((rule) => {
    const text = parsed.data.rules[rule.id];
    if (!text)
      throw new KnowledgeError(file, `rules.${rule.id}`, `has no ${grammar.code} title, reply and examples`);
    return { id: rule.id, level: rule.level, basis: rule.basis, when: rule.when, ...text };
  });
  const translated = { not_typos: parsed.data.not_typos, concepts: parsed.data.concepts, rules };
  return compileRedFlags(translated, file, grammar);
};
