import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { normalise, tokens } from '../normalise/index.js';
import { loadRedFlags, type RedFlagRules } from '../triage/index.js';
import { loadRedFlagTexts } from '../triage/texts.js';
import { fromZodError, KnowledgeError } from './errors.js';
import {
  type AnswerFile,
  answerFileSchema,
  type Country,
  emergencyNumbersFileSchema,
  type Followup,
  intentFileSchema,
  type Messages,
  messagesFileSchema,
  type NamedReply,
  type VocabularyFile,
  vocabularyFileSchema,
} from './schema.js';

/**
 * Reserved intent whose examples teach the matcher what is NOT crampbot's topic; it has no answer,
 * and a message matched to it is out of scope.
 */
export const OUT_OF_SCOPE_INTENT = 'out_of_scope';

export interface IntentExamples {
  id: string;
  file: string;
  /** Examples by language code. */
  examples: Map<string, string[]>;
}

export interface Answer extends AnswerFile {
  file: string;
}

export interface ReplyEntry extends NamedReply {
  id: string;
  /** Intent whose knowledge file defines it. */
  owner: string;
}

export interface KnowledgeBase {
  intents: Map<string, IntentExamples>;
  answers: Map<string, Answer>;
  replies: Map<string, ReplyEntry>;
  redFlags: RedFlagRules;
  countries: { defaultCode: string; byCode: Map<string, Country> };
  messages: Messages;
  /** Domain words and conversational intents; null when knowledge/vocabulary.yaml is absent. */
  vocabulary: VocabularyFile | null;
  /** Other languages, by code; a language is spoken when its messages file exists. */
  translations: Map<string, Translation>;
  /** Domain words of other languages (knowledge/vocabulary.<lang>.yaml), by code. */
  vocabularies?: Map<string, VocabularyFile>;
}

/** The knowledge base as seen in one language: English when the language has no translation. */
export const localise = (kb: KnowledgeBase, lang: string | null | undefined): KnowledgeBase => {
  const translation = lang ? kb.translations.get(lang) : undefined;
  if (!translation) return kb;
  const { answers, replies, messages, redFlags } = translation;
  return { ...kb, answers, replies, messages, redFlags };
};

/**
 * One more language's texts: answers in knowledge/answers/<lang>/, the bot's lines in
 * knowledge/messages.<lang>.yaml, red-flag rule texts in knowledge/red-flags/texts/<lang>.yaml (its words in
 * knowledge/red-flags/lexicons/<lang>.yaml) and examples in
 * intents/<id>.<lang>.yaml. A topic not yet written in the language falls back to English at run time and
 * is listed in `missing`, which kb:lint reports.
 */
export interface Translation {
  lang: string;
  answers: Map<string, Answer>;
  replies: Map<string, ReplyEntry>;
  messages: Messages;
  redFlags: RedFlagRules;
  /** Texts with no translation yet: "answers/<intent>", "intents/<intent>". */
  missing: string[];
  /** Only the answers written in this language (`answers` falls back to English). */
  own: Map<string, Answer>;
}

/** Languages besides English the bot can speak. */
export const TRANSLATED_LANGUAGES: readonly string[] = ['ru'];

export interface KnowledgePaths {
  intentsDir: string;
  knowledgeDir: string;
}

export const defaultPaths = (root = process.cwd()): KnowledgePaths => ({
  intentsDir: join(root, 'intents'),
  knowledgeDir: join(root, 'knowledge'),
});

const display = (file: string): string => relative(process.cwd(), file) || file;

const readYaml = (file: string): unknown => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new KnowledgeError(display(file), null, 'file is missing or unreadable');
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new KnowledgeError(
      display(file),
      null,
      `not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
};

const parseFile = <S extends z.ZodType>(file: string, schema: S): z.infer<S> => {
  const result = schema.safeParse(readYaml(file));
  if (!result.success) throw fromZodError(display(file), result.error);
  return result.data;
};

const yamlFiles = (dir: string): string[] => {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new KnowledgeError(display(dir), null, 'folder is missing');
  }
  return names
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(dir, name));
};

const fileStem = (file: string): string => basename(file).replace(/\.ya?ml$/, '');

const loadIntents = (dir: string): Map<string, IntentExamples> => {
  const intents = new Map<string, IntentExamples>();
  // Duplicates are compared after normalisation: "Leg cramps?" and "leg cramps" teach the same thing.
  const seen = new Map<string, { intent: string; file: string }>();
  for (const file of yamlFiles(dir)) {
    const parsed = parseFile(file, intentFileSchema);
    const shown = display(file);
    if (fileStem(file) !== parsed.id && !fileStem(file).startsWith(`${parsed.id}.`)) {
      throw new KnowledgeError(shown, 'id', `"${parsed.id}" does not match the file name`);
    }
    const entry = intents.get(parsed.id) ?? {
      id: parsed.id,
      file: shown,
      examples: new Map<string, string[]>(),
    };
    if (entry.examples.has(parsed.lang)) {
      throw new KnowledgeError(shown, 'lang', `intent "${parsed.id}" already has "${parsed.lang}" examples`);
    }
    parsed.examples.forEach((example, index) => {
      const key = `${parsed.lang}:${tokens(normalise(example)).join(' ')}`;
      const previous = seen.get(key);
      if (previous) {
        const where =
          previous.intent === parsed.id ? 'this intent' : `intent "${previous.intent}" (${previous.file})`;
        throw new KnowledgeError(
          shown,
          `examples.${index}`,
          `"${example}" is already an example of ${where}`,
        );
      }
      seen.set(key, { intent: parsed.id, file: shown });
    });
    entry.examples.set(parsed.lang, parsed.examples);
    intents.set(parsed.id, entry);
  }
  return intents;
};

const loadAnswers = (dir: string, optional = false): Map<string, Answer> => {
  const answers = new Map<string, Answer>();
  if (optional && !existsSync(dir)) return answers;
  for (const file of yamlFiles(dir)) {
    const parsed = parseFile(file, answerFileSchema);
    const shown = display(file);
    if (fileStem(file) !== parsed.intent) {
      throw new KnowledgeError(shown, 'intent', `"${parsed.intent}" does not match the file name`);
    }
    answers.set(parsed.intent, { ...parsed, file: shown });
  }
  return answers;
};

const checkFollowups = (
  file: string,
  prefix: string,
  followups: Followup[],
  kb: Pick<KnowledgeBase, 'answers' | 'replies' | 'redFlags'>,
): void => {
  const ids = new Set<string>();
  followups.forEach((followup, f) => {
    if (ids.has(followup.id))
      throw new KnowledgeError(file, `${prefix}.${f}.id`, `duplicate follow-up id "${followup.id}"`);
    ids.add(followup.id);
    followup.options.forEach((option, o) => {
      const field = `${prefix}.${f}.options.${o}`;
      if ('intent' in option && !kb.answers.has(option.intent)) {
        throw new KnowledgeError(
          file,
          `${field}.intent`,
          `points to "${option.intent}", which has no answer`,
        );
      }
      if ('reply' in option && !kb.replies.has(option.reply)) {
        throw new KnowledgeError(
          file,
          `${field}.reply`,
          `points to "${option.reply}", which is not a reply anywhere`,
        );
      }
      if ('redflag' in option && !kb.redFlags.byId.has(option.redflag)) {
        throw new KnowledgeError(
          file,
          `${field}.redflag`,
          `points to "${option.redflag}", which is not a red-flag rule`,
        );
      }
    });
  });
};

/** Loads and cross-checks every knowledge file. Throws a KnowledgeError naming the file and field. */
export const loadKnowledgeBase = (paths: KnowledgePaths = defaultPaths()): KnowledgeBase => {
  const intents = loadIntents(paths.intentsDir);
  const answers = loadAnswers(join(paths.knowledgeDir, 'answers'));
  // The red-flag folder (rules by family, lexicons by language); small fixtures keep one red-flags.yaml.
  const redFlagsDir = join(paths.knowledgeDir, 'red-flags');
  const redFlags = loadRedFlags(existsSync(redFlagsDir) ? redFlagsDir : `${redFlagsDir}.yaml`);
  const messagesFile = join(paths.knowledgeDir, 'messages.yaml');
  const messages = parseFile(messagesFile, messagesFileSchema);
  const numbersFile = join(paths.knowledgeDir, 'emergency-numbers.yaml');
  const numbers = parseFile(numbersFile, emergencyNumbersFileSchema);

  const vocabularyFile = join(paths.knowledgeDir, 'vocabulary.yaml');
  const vocabulary = existsSync(vocabularyFile) ? parseFile(vocabularyFile, vocabularyFileSchema) : null;
  vocabulary?.conversational_intents.forEach((id, index) => {
    if (!intents.has(id)) {
      throw new KnowledgeError(
        display(vocabularyFile),
        `conversational_intents.${index}`,
        `"${id}" is not an intent`,
      );
    }
  });

  const byCode = new Map(numbers.countries.map((country) => [country.code, country]));
  if (!byCode.has(numbers.default)) {
    throw new KnowledgeError(
      display(numbersFile),
      'default',
      `"${numbers.default}" is not one of the countries`,
    );
  }

  for (const [id, intent] of intents) {
    if (!answers.has(id) && id !== OUT_OF_SCOPE_INTENT)
      throw new KnowledgeError(
        intent.file,
        'id',
        `intent "${id}" has no answer in knowledge/answers/${id}.yaml`,
      );
  }
  const replies = new Map<string, ReplyEntry>();
  for (const [id, answer] of answers) {
    if (id === OUT_OF_SCOPE_INTENT)
      throw new KnowledgeError(answer.file, 'intent', `"${id}" is reserved and has no answer`);
    if (!intents.has(id)) {
      throw new KnowledgeError(answer.file, 'intent', `"${id}" has no examples in intents/${id}.yaml`);
    }
    for (const [replyId, reply] of Object.entries(answer.replies)) {
      const previous = replies.get(replyId);
      if (previous)
        throw new KnowledgeError(
          answer.file,
          `replies.${replyId}`,
          `reply id already used in ${previous.owner}`,
        );
      replies.set(replyId, { ...reply, id: replyId, owner: id });
    }
    for (const context of Object.keys(answer.contexts)) {
      if (!intents.has(context))
        throw new KnowledgeError(answer.file, `contexts.${context}`, 'is not an intent id');
    }
  }
  const kb: KnowledgeBase = {
    intents,
    answers,
    replies,
    redFlags,
    countries: { defaultCode: numbers.default, byCode },
    messages,
    vocabulary,
    translations: new Map(),
  };
  for (const answer of answers.values()) {
    checkFollowups(answer.file, 'followups', answer.followups, kb);
    for (const [replyId, reply] of Object.entries(answer.replies)) {
      checkFollowups(answer.file, `replies.${replyId}.followups`, reply.followups, kb);
    }
  }
  messages.start_topics.forEach((topic, index) => {
    if (!answers.has(topic))
      throw new KnowledgeError(display(messagesFile), `start_topics.${index}`, `"${topic}" has no answer`);
  });
  for (const lang of TRANSLATED_LANGUAGES) {
    const translation = loadTranslation(paths, kb, lang);
    if (translation) kb.translations.set(lang, translation);
    const file = join(paths.knowledgeDir, `vocabulary.${lang}.yaml`);
    if (existsSync(file)) {
      kb.vocabularies ??= new Map();
      kb.vocabularies.set(lang, parseFile(file, vocabularyFileSchema));
    }
  }
  return kb;
};

const loadTranslation = (paths: KnowledgePaths, kb: KnowledgeBase, lang: string): Translation | null => {
  const messagesFile = join(paths.knowledgeDir, `messages.${lang}.yaml`);
  if (!existsSync(messagesFile)) return null;
  const messages = parseFile(messagesFile, messagesFileSchema);
  // The red-flag folder keeps texts/<lang>.yaml; small single-file fixtures keep red-flags.<lang>.yaml.
  const redFlagsDir = join(paths.knowledgeDir, 'red-flags');
  const textsFile = existsSync(redFlagsDir)
    ? join(redFlagsDir, 'texts', `${lang}.yaml`)
    : join(paths.knowledgeDir, `red-flags.${lang}.yaml`);
  const redFlags = loadRedFlagTexts(kb.redFlags, textsFile);
  if (!redFlags)
    throw new KnowledgeError(
      display(textsFile),
      null,
      `is missing: the bot speaks "${lang}" (${display(messagesFile)})`,
    );
  const own = loadAnswers(join(paths.knowledgeDir, 'answers', lang), true);
  const missing: string[] = [];
  const answers = new Map<string, Answer>();
  for (const [id, english] of kb.answers) {
    const translated = own.get(id);
    if (!translated) missing.push(`answers/${id}`);
    answers.set(id, translated ?? english);
  }
  for (const [id, answer] of own) {
    if (!kb.answers.has(id)) throw new KnowledgeError(answer.file, 'intent', `"${id}" has no English answer`);
  }
  for (const [id, intent] of kb.intents) {
    if (!intent.examples.has(lang)) missing.push(`intents/${id}`);
  }
  const replies = new Map(kb.replies);
  for (const [id, answer] of own) {
    for (const [replyId, reply] of Object.entries(answer.replies)) {
      if (!kb.replies.has(replyId))
        throw new KnowledgeError(answer.file, `replies.${replyId}`, 'is not a reply of the English answers');
      replies.set(replyId, { ...reply, id: replyId, owner: id });
    }
  }
  for (const [replyId, reply] of kb.replies) {
    if (own.has(reply.owner) && !own.get(reply.owner)?.replies[replyId]) missing.push(`replies/${replyId}`);
  }
  const view = { ...kb, answers, replies, redFlags };
  for (const answer of own.values()) {
    checkFollowups(answer.file, 'followups', answer.followups, view);
    for (const [replyId, reply] of Object.entries(answer.replies)) {
      checkFollowups(answer.file, `replies.${replyId}.followups`, reply.followups, view);
    }
  }
  return { lang, answers, replies, messages, redFlags, missing, own };
};
