/**
 * Rule texts in another language (knowledge/red-flags/texts/<lang>.yaml): per rule id its title, reply,
 * optional reason, examples and controls. The levels and `when` stay those of the rules, and the concept
 * words live in lexicons/<lang>.yaml, so a language can never change what a rule means.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';
import { fromZodError, KnowledgeError } from '../kb/errors.js';
import { idSchema } from '../kb/schema.js';
import { parseKnowledgeYaml } from '../kb/yaml.js';
import type { RedFlagRule, RedFlagRules } from './index.js';
import { ruleSchema } from './schema.js';

const ruleTextSchema = ruleSchema.pick({
  title: true,
  reply: true,
  reason: true,
  examples: true,
  controls: true,
});

export const ruleTextsFileSchema = z.strictObject({ rules: z.record(idSchema, ruleTextSchema) });

const PLACEHOLDERS = new Set(['{number}', '{crisis}']);

/** The rules with their texts in another language; throws KnowledgeError naming the file and field. */
export const translateRedFlags = (base: RedFlagRules, data: unknown, file: string): RedFlagRules => {
  const parsed = ruleTextsFileSchema.safeParse(data);
  if (!parsed.success) throw fromZodError(file, parsed.error);
  const texts = parsed.data.rules;
  for (const id of Object.keys(texts)) {
    if (!base.byId.has(id)) throw new KnowledgeError(file, `rules.${id}`, 'is not a red-flag rule');
  }
  const rules: RedFlagRule[] = base.rules.map((rule) => {
    const text = texts[rule.id];
    if (!text) throw new KnowledgeError(file, `rules.${rule.id}`, 'has no text in this language');
    for (const placeholder of text.reply.match(/\{[^}]*\}/g) ?? []) {
      if (!PLACEHOLDERS.has(placeholder))
        throw new KnowledgeError(file, `rules.${rule.id}.reply`, `unknown placeholder ${placeholder}`);
    }
    if (rule.level !== 'gp' && !text.reply.includes('{number}'))
      throw new KnowledgeError(
        file,
        `rules.${rule.id}.reply`,
        `an ${rule.level} reply must name the emergency number ({number})`,
      );
    return { ...rule, ...text, reason: text.reason ?? rule.reason, file };
  });
  return { ...base, rules, byId: new Map(rules.map((rule) => [rule.id, rule])) };
};

/** Reads knowledge/red-flags/texts/<lang>.yaml; null when the language has none. */
export const loadRedFlagTexts = (base: RedFlagRules, path: string): RedFlagRules | null => {
  if (!existsSync(path)) return null;
  const shown = relative(process.cwd(), path) || path;
  let data: unknown;
  try {
    data = parseKnowledgeYaml(path, readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KnowledgeError(shown, null, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return translateRedFlags(base, data, shown);
};
