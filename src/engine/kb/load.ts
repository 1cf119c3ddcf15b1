import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { z } from 'zod';
import { stemRu } from '../language/stem-ru.js';
import { idiomPhraseWords } from '../match/idioms.js';
import { passesGate, stem, termsOf } from '../match/terms.js';
import { termsOfRu } from '../match/terms-ru.js';
import { normalise, tokens } from '../normalise/index.js';
import { loadRedFlags, type RedFlagRules } from '../triage/index.js';
import { loadRedFlagTexts } from '../triage/texts.js';
import { compiledName, decodeCompiled, encodeCompiled } from './compiled.js';
import { fromZodError, KnowledgeError } from './errors.js';
import {
  type AnswerFile,
  answerFileSchema,
  type Country,
  emergencyNumbersFileSchema,
  type Followup,
  type IdiomsFile,
  idiomsFileSchema,
  intentFileSchema,
  type Messages,
  messagesFileSchema,
  type NamedReply,
  type TopicGroupsFile,
  topicGroupsFileSchema,
  type VocabularyFile,
  vocabularyFileSchema,
} from './schema.js';
import {
  defaultSnapshotDir,
  readSnapshot,
  readSnapshotBytes,
  readSources,
  type SourceFiles,
  writeSnapshot,
  writeSnapshotBytes,
} from './snapshot.js';
import { parseKnowledgeYaml, withYamlSnapshot } from './yaml.js';

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
  /** Everyday phrases rewritten before matching, and people words; null when knowledge/idioms.yaml is absent. */
  idioms: IdiomsFile | null;
  /** /topics groups in the order a person needs them; null when knowledge/topics.yaml is absent. */
  topicGroups: TopicGroupsFile | null;
}

export interface LoadOptions {
  /** Folder of parsed-YAML and compiled snapshots (snapshot.ts, compiled.ts); null disables both. Default: the OS temp folder. */
  snapshotDir?: string | null;
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

/** Reads YAML from the snapshot when there is one for exactly these files, otherwise parses the text. */
class YamlReader {
  readonly parsed = new Map<string, unknown>();
  constructor(
    private readonly sources: SourceFiles,
    private readonly snapshot: Map<string, unknown> | null,
  ) {}

  read(file: string): unknown {
    const text = this.sources.texts.get(file);
    if (text === undefined) throw new KnowledgeError(display(file), null, 'file is missing or unreadable');
    try {
      return parseKnowledgeYaml(file, text);
    } catch (error) {
      throw new KnowledgeError(
        display(file),
        null,
        `not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }

  get fromSnapshot(): boolean {
    return this.snapshot !== null;
  }
}

const parseFile = <S extends z.ZodType>(reader: YamlReader, file: string, schema: S): z.infer<S> => {
  const result = schema.safeParse(reader.read(file));
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

const loadIntents = (reader: YamlReader, dir: string): Map<string, IntentExamples> => {
  const intents = new Map<string, IntentExamples>();
  // Duplicates are compared after normalisation: "Leg cramps?" and "leg cramps" teach the same thing.
  const seen = new Map<string, { intent: string; file: string }>();
  for (const file of yamlFiles(dir)) {
    const parsed = parseFile(reader, file, intentFileSchema);
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

const loadAnswers = (reader: YamlReader, dir: string, optional = false): Map<string, Answer> => {
  const answers = new Map<string, Answer>();
  if (optional && !existsSync(dir)) return answers;
  for (const file of yamlFiles(dir)) {
    const parsed = parseFile(reader, file, answerFileSchema);
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
export const loadKnowledgeBase = (
  paths: KnowledgePaths = defaultPaths(),
  options: LoadOptions = {},
): KnowledgeBase => {
  const answersDir = join(paths.knowledgeDir, 'answers');
  const messagesFile = join(paths.knowledgeDir, 'messages.yaml');
  const numbersFile = join(paths.knowledgeDir, 'emergency-numbers.yaml');
  const vocabularyFile = join(paths.knowledgeDir, 'vocabulary.yaml');
  const idiomsFile = join(paths.knowledgeDir, 'idioms.yaml');
  const topicsFile = join(paths.knowledgeDir, 'topics.yaml');
  const intentFiles = yamlFiles(paths.intentsDir);
  const answerFiles = yamlFiles(answersDir);
  const optional = [vocabularyFile, idiomsFile, topicsFile].filter((file) => existsSync(file));
  const translationFiles = TRANSLATED_LANGUAGES.flatMap((lang) => [
    join(paths.knowledgeDir, `messages.${lang}.yaml`),
    join(paths.knowledgeDir, `vocabulary.${lang}.yaml`),
    ...(existsSync(join(answersDir, lang)) ? yamlFiles(join(answersDir, lang)) : []),
  ]);
  const sources = readSources([
    ...intentFiles,
    ...answerFiles,
    ...translationFiles,
    ...redFlagFiles(paths.knowledgeDir),
    messagesFile,
    numbersFile,
    ...optional,
  ]);
  const snapshotDir = options.snapshotDir === undefined ? defaultSnapshotDir() : options.snapshotDir;
  const compiled = snapshotDir ? compiledName(sources) : null;
  if (compiled) {
    const bytes = readSnapshotBytes(snapshotDir, compiled);
    try {
      const stored = bytes && decodeCompiled(compiled, bytes);
      if (stored) return stored;
    } catch {
      // damaged or from another serializer: build from the files
    }
  }
  const snapshot = readSnapshot(snapshotDir, sources);
  const reader = new YamlReader(sources, snapshot);
  const kb = withYamlSnapshot(sources.texts, snapshot, reader.parsed, () =>
    buildKnowledgeBase(reader, paths, {
      answersDir,
      messagesFile,
      numbersFile,
      vocabularyFile,
      idiomsFile,
      topicsFile,
      optional,
    }),
  );
  if (!reader.fromSnapshot) writeSnapshot(snapshotDir, sources, reader.parsed);
  if (compiled) writeSnapshotBytes(snapshotDir, compiled, () => encodeCompiled(compiled, kb));
  return kb;
};

/** Every red-flag file a load reads (folder layout, or the single-file layout of small fixtures). */
const redFlagFiles = (knowledgeDir: string): string[] => {
  const dir = join(knowledgeDir, 'red-flags');
  const spoken = TRANSLATED_LANGUAGES.filter((lang) =>
    existsSync(join(knowledgeDir, `messages.${lang}.yaml`)),
  );
  if (!existsSync(dir))
    return [`${dir}.yaml`, ...spoken.map((lang) => join(knowledgeDir, `red-flags.${lang}.yaml`))];
  const yamlIn = (folder: string): string[] => {
    try {
      return readdirSync(folder)
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => join(folder, name));
    } catch {
      return [];
    }
  };
  return [
    ...yamlIn(dir),
    ...yamlIn(join(dir, 'lexicons')),
    ...spoken.map((lang) => join(dir, 'texts', `${lang}.yaml`)),
  ];
};

interface KnowledgeFiles {
  answersDir: string;
  messagesFile: string;
  numbersFile: string;
  vocabularyFile: string;
  idiomsFile: string;
  topicsFile: string;
  /** The optional files that exist. */
  optional: string[];
}

const buildKnowledgeBase = (
  reader: YamlReader,
  paths: KnowledgePaths,
  { answersDir, messagesFile, numbersFile, vocabularyFile, idiomsFile, topicsFile, optional }: KnowledgeFiles,
): KnowledgeBase => {
  const intents = loadIntents(reader, paths.intentsDir);
  const answers = loadAnswers(reader, answersDir);
  // The red-flag folder (rules by family, lexicons by language) is read by its own loader; small fixtures
  // keep one red-flags.yaml.
  const redFlagsDir = join(paths.knowledgeDir, 'red-flags');
  const redFlags = loadRedFlags(existsSync(redFlagsDir) ? redFlagsDir : `${redFlagsDir}.yaml`);
  const messages = parseFile(reader, messagesFile, messagesFileSchema);
  const numbers = parseFile(reader, numbersFile, emergencyNumbersFileSchema);

  const vocabulary = optional.includes(vocabularyFile)
    ? parseFile(reader, vocabularyFile, vocabularyFileSchema)
    : null;
  vocabulary?.conversational_intents.forEach((id, index) => {
    if (!intents.has(id)) {
      throw new KnowledgeError(
        display(vocabularyFile),
        `conversational_intents.${index}`,
        `"${id}" is not an intent`,
      );
    }
  });
  if (vocabulary) checkTopicGates(display(vocabularyFile), vocabulary, intents);
  if (vocabulary) checkFollowOns(display(vocabularyFile), vocabulary, intents, null);
  for (const [from, to] of Object.entries(vocabulary?.answered_as ?? {})) {
    for (const [field, id] of [
      [`answered_as.${from}`, from],
      [`answered_as.${from}`, to],
    ] as const) {
      if (!intents.has(id))
        throw new KnowledgeError(display(vocabularyFile), field, `"${id}" is not an intent`);
    }
  }
  if (vocabulary?.plea && !intents.has(vocabulary.plea.intent))
    throw new KnowledgeError(
      display(vocabularyFile),
      'plea.intent',
      `"${vocabulary.plea.intent}" is not an intent`,
    );
  const idioms = optional.includes(idiomsFile) ? parseFile(reader, idiomsFile, idiomsFileSchema) : null;
  if (idioms) checkIdioms(display(idiomsFile), idioms, intents);
  const topicGroups = optional.includes(topicsFile)
    ? parseFile(reader, topicsFile, topicGroupsFileSchema)
    : null;

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
    idioms,
    topicGroups,
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
    const translation = loadTranslation(reader, paths, kb, lang);
    if (translation) kb.translations.set(lang, translation);
    const file = join(paths.knowledgeDir, `vocabulary.${lang}.yaml`);
    if (existsSync(file)) {
      kb.vocabularies ??= new Map();
      const vocabularyOfLang = parseFile(reader, file, vocabularyFileSchema);
      checkTopicGates(display(file), vocabularyOfLang, kb.intents, lang);
      checkFollowOns(display(file), vocabularyOfLang, kb.intents, vocabulary);
      kb.vocabularies.set(lang, vocabularyOfLang);
    }
  }
  if (topicGroups) checkTopicGroups(display(topicsFile), topicGroups, answers);
  return kb;
};

const loadTranslation = (
  reader: YamlReader,
  paths: KnowledgePaths,
  kb: KnowledgeBase,
  lang: string,
): Translation | null => {
  const messagesFile = join(paths.knowledgeDir, `messages.${lang}.yaml`);
  if (!existsSync(messagesFile)) return null;
  const messages = parseFile(reader, messagesFile, messagesFileSchema);
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
  const own = loadAnswers(reader, join(paths.knowledgeDir, 'answers', lang), true);
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

/**
 * Idioms must be worth their place: every phrase normalises to words, no phrase is listed twice, and what a
 * phrase "means" is made of words the intent examples use (otherwise the rewrite could match nothing).
 */
const checkIdioms = (file: string, idioms: IdiomsFile, intents: Map<string, IntentExamples>): void => {
  const exampleWords = new Set<string>();
  for (const intent of intents.values())
    for (const examples of intent.examples.values())
      for (const example of examples) for (const word of tokens(normalise(example))) exampleWords.add(word);
  const seen = new Map<string, string>();
  idioms.rewrites.forEach((rewrite, r) => {
    for (const word of tokens(normalise(rewrite.means))) {
      if (!exampleWords.has(word))
        throw new KnowledgeError(file, `rewrites.${r}.means`, `"${word}" is in no intent example`);
    }
    rewrite.phrases.forEach((phrase, p) => {
      const key = idiomPhraseWords(phrase).join(' ');
      if (!key) throw new KnowledgeError(file, `rewrites.${r}.phrases.${p}`, 'has no words');
      const previous = seen.get(key);
      if (previous)
        throw new KnowledgeError(
          file,
          `rewrites.${r}.phrases.${p}`,
          `"${phrase}" is already listed (${previous})`,
        );
      seen.set(key, `rewrites.${r}.phrases.${p}`);
    });
  });
  idioms.people_words.forEach((word, index) => {
    if (seen.has(word))
      throw new KnowledgeError(file, `people_words.${index}`, `"${word}" is also a rewrite phrase`);
  });
};

/** Every grouped topic has an answer and appears once. */
const checkTopicGroups = (file: string, groups: TopicGroupsFile, answers: Map<string, Answer>): void => {
  const seen = new Set<string>();
  const check = (topic: string, field: string) => {
    if (!answers.has(topic)) throw new KnowledgeError(file, field, `"${topic}" has no answer`);
    if (seen.has(topic)) throw new KnowledgeError(file, field, `"${topic}" is listed twice`);
    seen.add(topic);
  };
  groups.groups.forEach((group, g) => {
    group.topics.forEach((topic, t) => {
      check(topic, `groups.${g}.topics.${t}`);
    });
  });
  groups.hidden.forEach((topic, index) => {
    check(topic, `hidden.${index}`);
  });
};

/** A gated topic must exist, and each of its examples must pass its own gate (else the gate would hide it). */
/** How each language's gate words and examples become terms (as the matcher reads them). */
const GATE_TERMS: Record<string, { termsOf: typeof termsOf; stem: (word: string) => string }> = {
  en: { termsOf, stem },
  ru: { termsOf: termsOfRu, stem: stemRu },
};

/**
 * Follow-ons lead to intents (or "details"); another language may only give phrases for kinds the English
 * file defines, since that file says where each kind leads.
 */
const checkFollowOns = (
  file: string,
  vocabulary: VocabularyFile,
  intents: Map<string, IntentExamples>,
  english: VocabularyFile | null,
): void => {
  for (const [kind, entry] of Object.entries(vocabulary.follow_ons)) {
    if (english && !english.follow_ons[kind])
      throw new KnowledgeError(file, `follow_ons.${kind}`, 'is not a kind of knowledge/vocabulary.yaml');
    entry.topics.forEach((id, index) => {
      if (!intents.has(id))
        throw new KnowledgeError(file, `follow_ons.${kind}.topics.${index}`, `"${id}" is not an intent`);
    });
    if (entry.otherwise && entry.otherwise !== 'details' && !intents.has(entry.otherwise))
      throw new KnowledgeError(
        file,
        `follow_ons.${kind}.otherwise`,
        `"${entry.otherwise}" is neither an intent nor "details"`,
      );
  }
};

const checkTopicGates = (
  file: string,
  vocabulary: VocabularyFile,
  intents: Map<string, IntentExamples>,
  gateLang = 'en',
): void => {
  const terms = GATE_TERMS[gateLang] ?? (GATE_TERMS.en as (typeof GATE_TERMS)[string]);
  for (const id of Object.keys(vocabulary.topic_names))
    if (!intents.has(id)) throw new KnowledgeError(file, `topic_names.${id}`, `"${id}" is not an intent`);
  for (const [id, words] of Object.entries(vocabulary.topic_gates)) {
    const intent = intents.get(id);
    if (!intent) throw new KnowledgeError(file, `topic_gates.${id}`, `"${id}" is not an intent`);
    const gate = new Set(words.map(terms.stem));
    for (const [lang, examples] of intent.examples) {
      // Each language's examples are checked against its own vocabulary's gates.
      if (lang !== gateLang) continue;
      examples.forEach((example, index) => {
        const words = tokens(normalise(example));
        if (!passesGate([...terms.termsOf(words).unigrams, ...words.map(terms.stem)], gate))
          throw new KnowledgeError(
            intent.file,
            `examples.${index}`,
            `"${example}" has none of the words topic_gates.${id} in ${file} asks for`,
          );
      });
    }
  }
};
