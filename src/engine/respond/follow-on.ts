import type { KnowledgeBase } from '../kb/load.js';
import type { VocabularyFile } from '../kb/schema.js';
import { normalise, tokens } from '../normalise/index.js';
import { NEGATORS } from '../triage/negation.js';

/**
 * Short follow-on questions that name no topic ("what should she do", "why?", "is it dangerous?", "а что
 * делать"): right after an answer they ask about that answer's topic, so they are answered in its frame
 * instead of "not sure". The phrases and where each kind leads are data (knowledge/vocabulary*.yaml
 * `follow_ons`); this module only recognises them and picks the reply.
 */

/** Longer messages say what they ask about; they go to the matcher. */
const MAX_WORDS = 8;

/** Words as compared: ё typed as е or not ("серьёзно", "серьезно"). */
const wordsOf = (text: string): string[] => tokens(normalise(text)).map((word) => word.replaceAll('ё', 'е'));

/** What to show for a follow-on: an intent's answer (in the previous topic's frame) or a topic's details. */
export type FollowOnReply = { kind: 'answer'; intent: string } | { kind: 'details'; intent: string };

type FollowOnKinds = VocabularyFile['follow_ons'];

/**
 * `english`: the file that says where each kind leads; `own`: the language's phrases (the same file for
 * English). Phrases and messages are compared without fillers and people words, so "what should she do" and
 * "what should my mum do" are both "what should I do". A message that is no listed phrase is still a
 * follow-on when it has a cue word of a kind ("how dangerous is it", "why does she get them") and nothing
 * else but function words (`isFunctionWord`, the matcher's stopwords) and words of the listed phrases: any
 * other word may name a topic, and the matcher reads it.
 */
export const createFollowOns = (
  english: VocabularyFile | null,
  own: VocabularyFile | null,
  people: string[],
  isFunctionWord: (word: string) => boolean,
) => {
  const kinds: FollowOnKinds = english?.follow_ons ?? {};
  const ignored = new Set([...(own?.follow_on_fillers ?? []), ...people].flatMap(wordsOf));
  const keyOf = (words: string[]): string => words.filter((word) => !ignored.has(word)).join(' ');
  const kindByKey = new Map<string, string>();
  const phraseWords = new Set<string>();
  const kindByCue = new Map<string, string>();
  for (const [kind, entry] of Object.entries(own?.follow_ons ?? {})) {
    for (const phrase of entry.phrases) {
      const words = wordsOf(phrase);
      const key = keyOf(words);
      if (key && !kindByKey.has(key)) kindByKey.set(key, kind);
      for (const word of words) phraseWords.add(word);
    }
    for (const cue of entry.cues.flatMap(wordsOf)) if (!kindByCue.has(cue)) kindByCue.set(cue, kind);
  }
  const topicless = (word: string) =>
    ignored.has(word) || phraseWords.has(word) || kindByCue.has(word) || isFunctionWord(word);

  /** The kind of follow-on the message is, or null when it is anything else. */
  const kindOf = (text: string): string | null => {
    const words = wordsOf(text);
    if (kindByKey.size === 0 || words.length === 0 || words.length > MAX_WORDS) return null;
    const listed = kindByKey.get(keyOf(words));
    if (listed) return listed;
    // "not dangerous?", "no more": a denial is not a question to answer in the frame.
    if (words.some((word) => NEGATORS.has(word)) || !words.every(topicless)) return null;
    for (const word of words) {
      const kind = kindByCue.get(word);
      if (kind) return kind;
    }
    return null;
  };

  /**
   * Where a follow-on of `kind` after an answer about `topic` leads: the first of the kind's topics that has
   * a variant for `topic` (prevention for older age), else the kind's `otherwise` (see_doctor, or the
   * topic's own details). A topic is never answered again: asked again, it shows its details.
   */
  const replyTo = (kind: string, topic: string, kb: KnowledgeBase): FollowOnReply => {
    const entry = kinds[kind];
    const framed = entry?.topics.find((id) => id !== topic && kb.answers.get(id)?.contexts[topic]);
    if (framed) return { kind: 'answer', intent: framed };
    const otherwise = entry?.otherwise ?? 'details';
    if (otherwise === 'details' || otherwise === topic || !kb.answers.has(otherwise))
      return { kind: 'details', intent: topic };
    return { kind: 'answer', intent: otherwise };
  };

  return { kindOf, replyTo };
};
