import { z } from 'zod';

/** Ids are lower_snake_case so that they fit in Telegram callback data and read well in YAML. */
export const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower_snake_case, at most 40 characters');

/** intents/<id>.yaml: the training side (Rasa's nlu.yml), one file per intent and language. */
export const intentFileSchema = z.strictObject({
  id: idSchema,
  /** Language of the examples; other languages get their own file with the same id. */
  lang: z
    .string()
    .regex(/^[a-z]{2}$/)
    .default('en'),
  examples: z.array(z.string().trim().min(2).max(500)).min(1, 'an intent needs at least one example'),
});
export type IntentFile = z.infer<typeof intentFileSchema>;

/** Where a quick-reply option leads: exactly one of an intent's answer, a named reply, or a red-flag rule. */
export const optionSchema = z.union([
  z.strictObject({ label: z.string().min(1).max(40), intent: idSchema }),
  z.strictObject({ label: z.string().min(1).max(40), reply: idSchema }),
  z.strictObject({ label: z.string().min(1).max(40), redflag: idSchema }),
]);
export type FollowupOption = z.infer<typeof optionSchema>;

export const followupSchema = z.strictObject({
  id: idSchema,
  /** Shown as a button under the answer, then as the question above its options. */
  question: z.string().min(3).max(60),
  options: z.array(optionSchema).min(1).max(6),
});
export type Followup = z.infer<typeof followupSchema>;

/**
 * A source as a reader sees it under "More detail": the title of the page, who published it, and the
 * publisher's own public page for it (never where a copy of the text happened to be found).
 */
export const sourceSchema = z.strictObject({
  title: z.string().min(3).max(160),
  publisher: z.string().min(2).max(80),
  url: z.url({ protocol: /^https$/, error: 'must be an https:// address' }),
});
export type Source = z.infer<typeof sourceSchema>;

export const levelSchema = z.enum(['emergency', 'urgent', 'gp', 'none']);

/** A reply that only a button leads to (e.g. "every night for weeks" → see a doctor). */
export const namedReplySchema = z.strictObject({
  text: z.string().min(10).max(1000),
  level: levelSchema.default('none'),
  followups: z.array(followupSchema).max(3).default([]),
});

/** A variant of an answer used when the previous turn was about another intent ("...and in pregnancy?"). */
export const contextVariantSchema = z.strictObject({
  answer: z.string().min(10).max(1000),
  details: z.string().min(10).max(3000).optional(),
});

/** knowledge/answers/<intent>.yaml: the response side (Rasa's domain responses). */
export const answerFileSchema = z.strictObject({
  intent: idSchema,
  /** Short topic name for menus and "did you mean" buttons. */
  title: z.string().min(2).max(40),
  reviewed: z.iso.date(),
  answer: z.string().min(10).max(1000),
  details: z.string().min(10).max(3000).optional(),
  followups: z.array(followupSchema).max(3).default([]),
  sources: z.array(sourceSchema).min(1, 'every answer cites at least one source'),
  /** Keyed by the previous turn's intent id. */
  contexts: z.record(idSchema, contextVariantSchema).default({}),
  /** Named replies reachable from follow-up options; ids are global across the knowledge base. */
  replies: z.record(idSchema, namedReplySchema).default({}),
});
export type AnswerFile = z.infer<typeof answerFileSchema>;
export type NamedReply = z.infer<typeof namedReplySchema>;

export const countrySchema = z.strictObject({
  code: z.string().regex(/^[A-Z]{2,3}$/),
  name: z.string().min(2),
  number: z.string().regex(/^[0-9]{2,4}$/),
  /** Non-emergency medical advice line, where there is one (UK 111). */
  advice: z.string().optional(),
  /** Crisis line for suicidal thoughts (medical-facts 6.2), in addition to the emergency number. */
  crisis: z.string().min(3).max(120).optional(),
});
export type Country = z.infer<typeof countrySchema>;

export const emergencyNumbersFileSchema = z.strictObject({
  default: z.string().regex(/^[A-Z]{2,3}$/),
  countries: z.array(countrySchema).min(1),
});

/** knowledge/messages.yaml: the bot's own lines, kept as data so curators can edit them. */
export const messagesFileSchema = z.strictObject({
  welcome: z.string().min(10),
  disclaimer: z.string().min(10),
  about: z.string().min(10),
  help: z.string().min(10),
  out_of_scope: z.string().min(10),
  did_you_mean: z.string().min(3),
  /** Label of a button under an answer offering the topic that came close: "{topic}" is its title. */
  also_meant: z.string().min(3).max(40).includes('{topic}').default('Did you mean: {topic}?'),
  details_button: z.string().min(2).max(40),
  topics_button: z.string().min(2).max(40),
  expired: z.string().min(10),
  emergency_info: z.string().min(10),
  country_prompt: z.string().min(5),
  country_set: z.string().min(5),
  forget_done: z.string().min(5),
  text_only: z.string().min(5),
  too_long: z.string().min(5),
  rate_limited: z.string().min(5),
  /** Title of the topics menu. */
  topics_prompt: z.string().min(3).optional(),
  /** /language: the question, and the confirmation in the chosen language. */
  language_prompt: z.string().min(3).optional(),
  language_set: z.string().min(3).optional(),
  /** Heading of the sources list under "More detail". */
  sources_heading: z.string().min(3).optional(),
  /** Prefixes of escalation replies, by level (defaults are English). */
  emergency_prefix: z.string().min(3).optional(),
  urgent_prefix: z.string().min(3).optional(),
  /** Heading of the list of other signs of the same level under the first one's reply (translations). */
  other_signs_heading: z.string().min(3).optional(),
  /** How texts in this language name each country's number ("103 или 112"), by country code. */
  spoken_numbers: z.record(z.string().regex(/^[A-Z]{2,3}$/), z.string().min(2).max(60)).optional(),
  /** Country names in this language, by code (default: the names in emergency-numbers.yaml). */
  country_names: z.record(z.string().regex(/^[A-Z]{2,3}$/), z.string().min(2).max(40)).optional(),
  /** Added where a reply says to get seen today, for countries with a medical advice line (UK 111). */
  advice_note: z.string().min(5).default('You can also call {advice} for medical advice, day or night.'),
  /** Label of the button that ends a branch politely ("that's all"). */
  done_button: z.string().min(2).max(40).default("That's all, thanks"),
  /** Asked back when a short message says only "cramps" or "help": what would you like to know? */
  vague: z
    .string()
    .min(10)
    .default(
      'I can help with leg and calf cramps. What would you like to know? Pick one of these or write a little more.',
    ),
  /** Put before the answer to a short follow-on ("why?") read as about the previous topic; {topic} is its title. */
  follow_on_note: z.string().min(5).default('Taking that as about "{topic}":'),
  /** Said when a typed reply to a follow-up question matches none of its options. */
  pick_an_option: z.string().min(5).default('Which of these fits best?'),
  /** Said when a typed "yes" or "no" could answer several of the last answer's follow-up questions. */
  which_question: z
    .string()
    .min(5)
    .default('Which of my questions are you answering? Tap it to see the options.'),
  /** Intent ids offered as buttons by /start. */
  start_topics: z.array(idSchema).min(1).max(8),
});
export type Messages = z.infer<typeof messagesFileSchema>;

/** knowledge/vocabulary.yaml: words that mark a message as being about cramps at all. */
export const vocabularyFileSchema = z.strictObject({
  conversational_intents: z.array(idSchema).default([]),
  /**
   * Small talk that opens a message before what it asks ("hi, what can you do?"): when the rest is understood
   * on its own as another topic, the rest is what the message is about. Thanks are not openers: "thanks,
   * stretching helped" is thanks.
   */
  opener_intents: z.array(idSchema).default([]),
  domain_words: z.array(z.string().regex(/^\p{Ll}+$/u, 'one lower-case word')).min(1),
  /**
   * Words that say only "it's about cramps" ("cramp", "leg", "help"): a short message made of nothing else
   * gets the topics menu and a clarifying question rather than a guess.
   */
  vague_words: z.array(z.string().regex(/^\p{Ll}+$/u, 'one lower-case word')).default([]),
  /**
   * Words that ask how things stand ("connected?", "is this common?", "нормально?") without naming a topic:
   * a long message's question made of one such word is not weighed above the story it ends.
   */
  asking_words: z.array(z.string().regex(/^\p{Ll}+$/u, 'one lower-case word')).default([]),
  /**
   * A short plea made only of vague words with a cry for help and a cramp word ("cramp in leg help", "calf
   * help!!") is someone in a cramp now: it goes to this topic instead of a clarifying question.
   */
  plea: z
    .strictObject({ words: z.array(z.string().regex(/^\p{Ll}+$/u)).min(1), intent: idSchema })
    .optional(),
  /**
   * Topics about who has the cramps (children, older age, pregnancy) are open only to messages with one of
   * their words: what decides them is the person, never the nights or sport their examples also mention.
   */
  topic_gates: z
    .record(idSchema, z.array(z.string().regex(/^\p{Ll}+$/u, 'one lower-case word')).min(1))
    .default({}),
  /**
   * A topic's name typed on its own ("causes", "exercises", "причины"): a person picking from the menu in
   * words. One to three words each, matched whole after normalising and stemming, never inside a sentence.
   */
  topic_names: z
    .record(
      idSchema,
      z.array(z.string().regex(/^\p{Ll}+( \p{Ll}+){0,2}$/u, 'one to three lower-case words')).min(1),
    )
    .default({}),
  /**
   * Domain words with another everyday sense, each with the words that reveal that sense: "calf" next to
   * "farm" or "milk" is an animal, "cramped" next to "flat" a small room. Such a word then does not make a
   * message about cramps (another domain word still can).
   */
  other_senses: z
    .record(
      z.string().regex(/^\p{Ll}+$/u, 'one lower-case word'),
      z.array(z.string().regex(/^\p{Ll}+$/u, 'one lower-case word')).min(1),
    )
    .default({}),
  /**
   * Other body parts (one word or a short phrase): cramps or pain there are out of scope unless one of
   * `leg_words` is also in the message, not negated ("stomach cramps, no leg pain" is out of scope).
   */
  other_body_parts: z.array(z.string().regex(/^\p{Ll}+( \p{Ll}+)*$/u, 'lower-case words')).default([]),
  leg_words: z.array(z.string().regex(/^\p{Ll}+$/u, 'one lower-case word')).default([]),
  /**
   * Signs a person often reports as absent ("not swollen", "no redness", "нет отёка"): denied, they say what
   * the trouble is not, so they do not pull the topic they name. Any form of a listed word counts (stems).
   */
  denied_signs: z.array(z.string().regex(/^\p{Ll}+$/u, 'one lower-case word')).default([]),
  /**
   * Topics the matcher reports as another, broader one (intent id -> intent id): their examples teach the
   * broader topic, whose answer covers them. Practical requests (book an appointment, a person, privacy)
   * are questions about what the bot can do, so they are answered as bot_capabilities; their own answer
   * stays reachable from /topics.
   */
  answered_as: z.record(idSchema, idSchema).default({}),
  /**
   * For a language without its own idioms file (vocabulary.ru.yaml): everyday phrases rewritten to the
   * examples' words before matching, as knowledge/idioms.yaml does for English.
   */
  rewrites: z
    .array(
      z.strictObject({
        means: z.string().regex(/^[\p{Ll}0-9' ]+$/u, 'lower-case words'),
        // "#13-42 неделя": a number slot as in idioms.yaml.
        phrases: z
          .array(
            z
              .string()
              .regex(
                /^(?:[\p{Ll}0-9']+|#(?:\d+-\d+)?)(?: (?:[\p{Ll}0-9']+|#(?:\d+-\d+)?))*$/u,
                'lower-case words, digits, apostrophes, spaces and # (one number) or #lo-hi only',
              ),
          )
          .min(1),
      }),
    )
    .default([]),
  /**
   * For such a language: the confidence below which a message is "not sure" / out of scope, when the caller
   * sets none (its examples are fewer, so its confidences spread differently from English).
   */
  min_confidence: z.number().min(0).max(1).optional(),
  /** For such a language: words for other people, ignored in matching (compared by stem, so every case). */
  people_words: z.array(z.string().regex(/^\p{Ll}+$/u, 'one lower-case word')).default([]),
  /**
   * Short follow-on questions that name no topic ("what should she do", "why?", "is it dangerous?"), by kind:
   * right after an answer they are answered in its frame. `topics`: answers that may have a variant for the
   * previous topic (prevention for older age), tried in order; `otherwise`: an intent, or `details` for the
   * previous topic's "More detail". Another language's file gives only `phrases`; the English file says where
   * each kind leads.
   */
  follow_ons: z
    .record(
      idSchema,
      z.strictObject({
        topics: z.array(idSchema).default([]),
        otherwise: idSchema.optional(),
        /** Words that make a short topic-less message this kind ("dangerous", "why", "почему"). */
        cues: z.array(z.string().regex(/^\p{Ll}+$/u, 'one lower-case word')).default([]),
        phrases: z.array(z.string().regex(/^[\p{Ll}0-9' ]+$/u, 'lower-case words')).min(1),
      }),
    )
    .default({}),
  /** Words a follow-on is compared without ("so", "she", "it", "ну", "ей"): "what should she do" = "what should I do". */
  follow_on_fillers: z.array(z.string().regex(/^\p{Ll}+$/u, 'one lower-case word')).default([]),
});
export type VocabularyFile = z.infer<typeof vocabularyFileSchema>;

const phraseSchema = z
  .string()
  .trim()
  .min(2)
  .max(80)
  .regex(/^[a-z0-9' ]+$/, 'lower-case words, digits, apostrophes and spaces only');

const idiomPhraseSchema = z
  .string()
  .trim()
  .min(2)
  .max(80)
  .regex(
    /^(?:[a-z0-9']+|#(?:\d+-\d+)?)(?: (?:[a-z0-9']+|#(?:\d+-\d+)?))*$/,
    'lower-case words, digits, apostrophes, spaces and # (one number) or #lo-hi (a number in that range) only',
  );

/** knowledge/idioms.yaml: everyday wording rewritten to the words the examples use, before matching. */
export const idiomsFileSchema = z.strictObject({
  rewrites: z
    .array(
      z.strictObject({
        /** What the phrases mean, in words the intent examples use ("cramp", "night in bed"). */
        means: phraseSchema,
        /**
         * `#` stands for one number ("for # weeks" is "for 2 weeks", "for three weeks"); `#60-110` for a number
         * from 60 to 110 in digits ("grandad #60-110" is "grandad 88").
         */
        phrases: z.array(idiomPhraseSchema).min(1),
      }),
    )
    .min(1),
  /**
   * Words for other people (husband, dad, nan): they say who has the cramps, never what the question is
   * about, so the matcher ignores them in examples and messages alike.
   */
  people_words: z.array(z.string().regex(/^[a-z]+$/, 'one lower-case word')).default([]),
});
export type IdiomsFile = z.infer<typeof idiomsFileSchema>;

/** knowledge/topics.yaml: how /topics groups and orders the topics for a person. */
export const topicGroupsFileSchema = z.strictObject({
  groups: z
    .array(z.strictObject({ title: z.string().min(2).max(40), topics: z.array(idSchema).min(1) }))
    .min(1),
  /** Topics never listed (small talk such as greeting and thanks). */
  hidden: z.array(idSchema).default([]),
});
export type TopicGroupsFile = z.infer<typeof topicGroupsFileSchema>;
