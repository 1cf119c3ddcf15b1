/**
 * Red-flag triage: decides from the raw user message whether a "cramp" may be something that needs a
 * doctor today or an ambulance now. Rules live in knowledge/red-flags/ (rules by family, concept lexicons by language); this module only reads them.
 */
import type { Level, TriageResult } from '../types.js';
import { Compiler, conceptOf } from './compile.js';
import { type CompiledRule, evaluate, evaluateResult, type TriageTrace } from './evaluate.js';
import type { Matcher } from './match.js';
import { type RedFlagSources, readSources, sourcesFromData } from './sources.js';

export type { TriageTrace } from './evaluate.js';

export interface RedFlagRule {
  id: string;
  level: Exclude<Level, 'none'>;
  /** Short name shown on buttons and in reports, e.g. "Possible blood clot". */
  title: string;
  /** What to do now; `{number}` is replaced with the user's emergency number (see `replyText`). */
  reply: string;
  /** The medical-facts row (and sources) the rule follows. */
  basis: string;
  /** Alternatives of concept names ("!name": absent); any one fully met fires the rule. */
  when: string[][];
  /** Messages that must fire this rule. */
  examples: string[];
  /** Messages that must not fire this rule. */
  controls: string[];
  /** One short line naming the reason, for replies that combine several rules. */
  reason?: string | undefined;
  /** The knowledge file the rule is written in. */
  file: string;
}

export interface RedFlagRules {
  rules: RedFlagRule[];
  byId: Map<string, RedFlagRule>;
  /** Compiled phrases and typo index; built once by `loadRedFlags`/`compileRedFlags`. */
  matcher: Matcher;
  compiled: CompiledRule[];
  /** Where every phrase and rule came from (for the linter and error messages). */
  sources: RedFlagSources;
}

const compileSources = (sources: RedFlagSources): RedFlagRules => {
  const matcher = new Compiler(sources).compile();
  const index = new Map(matcher.conceptNames.map((name, i) => [name, i]));
  const rules: RedFlagRule[] = sources.rules.map(({ rule, file }) => ({ ...rule, file }));
  const compiled = rules.map((rule) => ({
    id: rule.id,
    level: rule.level,
    // An absent concept ("!name") is stored as the bitwise complement of its index.
    when: rule.when.map((alternative) =>
      alternative.map((name) => {
        const at = index.get(conceptOf(name)) as number;
        return name.startsWith('!') ? ~at : at;
      }),
    ),
  }));
  return { rules, byId: new Map(rules.map((rule) => [rule.id, rule])), matcher, compiled, sources };
};

/**
 * Validates and compiles red-flag data already parsed from YAML (single-file layout). `file` is only used
 * in error messages. Throws KnowledgeError naming the file and the field.
 */
export const compileRedFlags = (data: unknown, file: string): RedFlagRules =>
  compileSources(sourcesFromData(data, file));

/**
 * Reads and validates red-flag knowledge: the knowledge/red-flags/ folder (rules by family, concept
 * lexicons by language) or one YAML file holding both. Throws KnowledgeError naming the file and field.
 */
export const loadRedFlags = (path: string): RedFlagRules => compileSources(readSources(path));

/** Everything triage saw in a message (concepts, negations, question check) as well as the result. */
export const explainTriage = (
  text: string,
  rules: RedFlagRules,
  memory: readonly string[] = [],
): TriageTrace => evaluate(text, rules.matcher, rules.compiled, memory);

/** Checks one message for red flags; independent of the intent. `text` is the raw user message. */
export const triage = (text: string, rules: RedFlagRules, memory: readonly string[] = []): TriageResult =>
  evaluateResult(text, rules.matcher, rules.compiled, memory);

/** The rule's reply with the user's emergency number filled in. */
export const replyText = (rule: RedFlagRule, emergencyNumber: string, crisisSentence = ''): string =>
  rule.reply.replaceAll('{number}', emergencyNumber).replaceAll('{crisis}', crisisSentence);

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
