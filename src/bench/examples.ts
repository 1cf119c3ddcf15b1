import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { TrainingExample } from '../eval/types.js';

/**
 * What a peer has to read at start-up: the examples of intents/*.yaml, nothing else (the engine also loads
 * and cross-checks answers, red flags and messages, which the peers don't have).
 */
export const readIntentExamples = (intentsDir: string, lang = 'en'): TrainingExample[] =>
  readdirSync(intentsDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .flatMap((name) => {
      const data = parseYaml(readFileSync(join(intentsDir, name), 'utf8')) as {
        id?: string;
        lang?: string;
        examples?: string[];
      };
      if (!data?.id || !Array.isArray(data.examples) || (data.lang ?? 'en') !== lang) return [];
      return data.examples.map((text) => ({ text: String(text), intent: data.id as string }));
    });
