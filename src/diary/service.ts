import type { Level, QuickReply } from '../engine/index.js';
import type { Logger } from '../logger.js';
import { buttonData, type DiaryButton, parseDiaryButton } from './buttons.js';
import {
  type Clock,
  clockFromMinutes,
  formatClock,
  formatDay,
  lastNightAt,
  localDay,
  nextLocalTime,
  offsetFromLocalMinutes,
  parseTypedTime,
} from './clock.js';
import {
  type Cramp,
  DAY_MS,
  type Diary,
  DURATIONS,
  LEGS,
  newId,
  pruneDiary,
  type Reminder,
} from './model.js';
import type { ReminderScheduler } from './reminders.js';
import { renderDiaryChart } from './render-chart.js';
import { caption, frequentNights, offsetOf, windowStats } from './stats.js';
import type { DiaryStore } from './store.js';
import { summaryText } from './summary.js';
import { type DiaryQuestion, type DiaryTexts, fill } from './texts.js';

/** One thing the diary says back; channels render it (Telegram: message, photo or document). */
export type DiaryReply =
  | { kind: 'text'; text: string; level: Level; rows: QuickReply[][] }
  | { kind: 'photo'; png: Buffer; caption: string; rows: QuickReply[][] }
  | { kind: 'document'; filename: string; content: string; caption: string }
  /** Telegram: replace the buttons of the message that was pressed (multi-choice questions). */
  | { kind: 'keyboard'; text: string; rows: QuickReply[][] };

export const DIARY_COMMANDS = ['cramp', 'diary', 'summary', 'remind', 'mydata'] as const;
export type DiaryCommand = (typeof DIARY_COMMANDS)[number];

export const isDiaryCommand = (name: string): name is DiaryCommand =>
  (DIARY_COMMANDS as readonly string[]).includes(name);

/** What the channel knows about the person beyond the diary. */
export interface DiaryTurn {
  /** Store key ("telegram:<id>", "web:<id>"). */
  user: string;
  /** Private chat for reminders; undefined where reminders cannot be sent (the web chat). */
  chatId?: number | undefined;
  /** The person's emergency number, for advice texts. */
  emergencyNumber: string;
}

export interface DiaryServiceDeps {
  store: DiaryStore;
  /** Absent in the web chat: it has no reminders. */
  scheduler?: ReminderScheduler | undefined;
  texts: DiaryTexts;
  clock: Clock;
  logger: Logger;
}

/** At most this many cramps a day are kept: a stuck finger or a script cannot fill the diary. */
const MAX_CRAMPS_PER_DAY = 30;
/** How long a "what time is it?" question waits for a typed answer. */
const TIMEZONE_WAIT_MS = 30 * 60_000;
/** The GP-pattern advice is shown at most once a week. */
const FREQUENT_ADVICE_EVERY_MS = 7 * DAY_MS;
/** Quick choices under /remind. */
const REMINDER_CHOICES = ['21:30', '22:00', '22:30', '23:00'];

const text = (body: string, rows: QuickReply[][] = [], level: Level = 'none'): DiaryReply => ({
  kind: 'text',
  text: body,
  level,
  rows,
});

export type DiaryService = ReturnType<typeof createDiaryService>;

export const createDiaryService = ({ store, scheduler, texts, clock, logger }: DiaryServiceDeps) => {
  const update = (user: string, change: (diary: Diary) => Diary) =>
    store.update(user, (diary) => change(pruneDiary(diary, clock.now())));
  const read = async (user: string): Promise<Diary | undefined> => {
    const diary = await store.read(user);
    return diary && pruneDiary(diary, clock.now());
  };

  const legRows = (entry: string): QuickReply[][] => [
    LEGS.map((leg) => ({ label: texts.legs[leg], data: buttonData.leg(entry, leg) })),
  ];
  const durationRows = (entry: string): QuickReply[][] =>
    DURATIONS.map((duration) => [
      { label: texts.durations[duration], data: buttonData.duration(entry, duration) },
    ]);

  /** The "what time is it where you are?" question, with the times of every whole-hour zone as buttons. */
  const timezoneQuestion = (): DiaryReply => {
    const now = clock.now();
    const choices: { minutes: number; offset: number }[] = [];
    for (let offset = -11 * 60; offset <= 12 * 60; offset += 60) {
      const local = new Date(now + offset * 60_000);
      choices.push({ minutes: local.getUTCHours() * 60 + local.getUTCMinutes(), offset });
    }
    choices.sort((a, b) => a.minutes - b.minutes);
    const buttons = choices.map((choice) => ({
      label: clockFromMinutes(choice.minutes),
      data: buttonData.timezone(choice.offset),
    }));
    const rows: QuickReply[][] = [];
    for (let i = 0; i < buttons.length; i += 4) rows.push(buttons.slice(i, i + 4));
    return text(texts.tz_question, rows);
  };

  const askTimezone = async (user: string, remind: string | null): Promise<DiaryReply> => {
    await update(user, (diary) => ({
      ...diary,
      pendingTimezone: { remind, until: clock.now() + TIMEZONE_WAIT_MS },
    }));
    return timezoneQuestion();
  };

  const fillAdvice = (body: string, turn: DiaryTurn) => fill(body, { number: turn.emergencyNumber });

  // Questions for the summary --------------------------------------------------------------------

  const questionById = (id: string): DiaryQuestion | undefined => texts.questions.find((q) => q.id === id);

  const questionRows = (question: DiaryQuestion, chosen: string[]): QuickReply[][] => {
    const rows: QuickReply[][] = question.choices.map((choice) => [
      {
        label: question.multi && chosen.includes(choice.id) ? `✓ ${choice.label}` : choice.label,
        data: buttonData.answer(question.id, choice.id),
      },
    ]);
    if (question.multi) rows.push([{ label: texts.done_button, data: buttonData.answersDone(question.id) }]);
    rows.push([{ label: texts.skip_button, data: buttonData.skip() }]);
    return rows;
  };

  const nextQuestion = (diary: Diary): DiaryReply => {
    const question = texts.questions.find((q) => !diary.answers[q.id]);
    if (!question) return text(texts.questions_done);
    return text(question.text, questionRows(question, []));
  };

  const adviceFor = (question: DiaryQuestion, choices: string[], turn: DiaryTurn): DiaryReply[] =>
    choices.flatMap((choice) => {
      const advice = question.advice[choice];
      return advice ? [text(fillAdvice(advice.text, turn), [], advice.level)] : [];
    });

  // Reminders ------------------------------------------------------------------------------------

  const setReminder = async (turn: DiaryTurn, time: string | null): Promise<DiaryReply[]> => {
    if (turn.chatId === undefined) return [text(texts.web_only_telegram)];
    const now = clock.now();
    let before: Reminder | null = null;
    const diary = await update(turn.user, (current) => {
      before = current.reminder;
      if (time === null || current.offsetMinutes === null) return { ...current, reminder: null };
      const reminder: Reminder = {
        id: newId(12),
        time,
        chatId: turn.chatId as number,
        nextAt: nextLocalTime(now, time, current.offsetMinutes),
      };
      return { ...current, reminder, pendingTimezone: null };
    });
    await scheduler?.changed(turn.user, before, diary.reminder);
    if (time === null) return [text(before ? texts.remind_off : texts.remind_none)];
    if (diary.offsetMinutes === null) return [await askTimezone(turn.user, time)];
    return [
      text(fill(texts.remind_set, { time }), [
        [{ label: texts.reminder_off_button, data: buttonData.remind(null) }],
      ]),
    ];
  };

  const setTimezone = async (turn: DiaryTurn, offsetMinutes: number): Promise<DiaryReply[]> => {
    let remind: string | null = null;
    await update(turn.user, (diary) => {
      remind = diary.pendingTimezone?.remind ?? null;
      return { ...diary, offsetMinutes, pendingTimezone: null };
    });
    const replies = [text(fill(texts.tz_set, { time: formatClock(clock.now(), offsetMinutes) }))];
    if (remind !== null) replies.push(...(await setReminder(turn, remind)));
    return replies;
  };

  // Logging a cramp --------------------------------------------------------------------------------

  const logCramp = async (turn: DiaryTurn): Promise<DiaryReply[]> => {
    const now = clock.now();
    const entry: Cramp = { id: newId(), at: now, leg: null, duration: null, when: 'now' };
    const diary = await update(turn.user, (current) => {
      const offset = offsetOf(current);
      const today = current.cramps.filter((cramp) => localDay(cramp.at, offset) === localDay(now, offset));
      if (today.length >= MAX_CRAMPS_PER_DAY) return current;
      return { ...current, cramps: [...current.cramps, entry] };
    });
    const kept = diary.cramps.some((cramp) => cramp.id === entry.id);
    const logged = kept ? entry : (diary.cramps.at(-1) as Cramp);
    const when = fill(texts.when_now, { time: formatClock(logged.at, offsetOf(diary)) });
    return [
      text(fill(texts.logged, { when }), [
        ...legRows(logged.id),
        [{ label: texts.last_night_button, data: buttonData.lastNight(logged.id) }],
      ]),
    ];
  };

  /** Changes one entry; false when the person no longer has it (deleted, or older than 12 months). */
  const changeEntry = async (user: string, id: string, change: (cramp: Cramp, diary: Diary) => Cramp) => {
    let found = false;
    const diary = await update(user, (current) => ({
      ...current,
      cramps: current.cramps.map((cramp) => {
        if (cramp.id !== id) return cramp;
        found = true;
        return change(cramp, current);
      }),
    }));
    return { found, diary };
  };

  const afterDuration = async (turn: DiaryTurn, cramp: Cramp, diary: Diary): Promise<DiaryReply[]> => {
    const now = clock.now();
    const offset = offsetOf(diary);
    const day = localDay(cramp.at, offset);
    const when =
      cramp.when === 'last_night'
        ? texts.when_last_night
        : `${formatClock(cramp.at, offset)} ${day === localDay(now, offset) ? 'today' : `on ${formatDay(day, false)}`}`;
    const details = [
      cramp.leg === 'both' ? 'both legs' : cramp.leg ? `${cramp.leg} leg` : null,
      cramp.duration ? texts.durations[cramp.duration].toLowerCase() : null,
      when,
    ]
      .filter(Boolean)
      .join(', ');
    const replies: DiaryReply[] = [text(fill(texts.saved, { details }))];
    if (cramp.duration === 'long')
      replies.push(text(fillAdvice(texts.long_cramp_advice, turn), [], 'urgent'));
    const nights = frequentNights(diary, now);
    if (
      nights !== null &&
      (diary.frequentAdviceAt === null || now - diary.frequentAdviceAt >= FREQUENT_ADVICE_EVERY_MS)
    ) {
      await update(turn.user, (current) => ({ ...current, frequentAdviceAt: now }));
      replies.push(text(fill(texts.frequent_advice, { nights }), [], 'gp'));
    }
    if (diary.questionsOfferedAt === null && texts.questions.some((q) => !diary.answers[q.id])) {
      const offered = await update(turn.user, (current) => ({ ...current, questionsOfferedAt: now }));
      replies.push(text(texts.questions_intro), nextQuestion(offered));
    } else if (diary.offsetMinutes === null && diary.pendingTimezone === null) {
      replies.push(await askTimezone(turn.user, null));
    }
    return replies;
  };

  // Showing the diary ----------------------------------------------------------------------------

  const chartReply = async (diary: Diary, rows: QuickReply[][] = []): Promise<DiaryReply> => {
    const stats = windowStats(diary, clock.now());
    const png = await renderDiaryChart(stats.bars, {
      title: texts.chart_title,
      cramps: texts.chart_cramps,
      stretch: texts.chart_stretch,
    });
    return { kind: 'photo', png, caption: caption(stats, texts), rows };
  };

  const hasWindowData = (diary: Diary | undefined): diary is Diary => {
    if (!diary) return false;
    const stats = windowStats(diary, clock.now());
    return stats.cramps.length > 0 || stats.stretchNights > 0;
  };

  const logRow = (): QuickReply[][] => [[{ label: texts.log_button, data: buttonData.log() }]];

  const showDiary = async (user: string): Promise<DiaryReply[]> => {
    const diary = await read(user);
    if (!hasWindowData(diary)) return [text(texts.diary_empty, logRow())];
    return [await chartReply(diary)];
  };

  const showSummary = async (user: string): Promise<DiaryReply[]> => {
    const diary = await read(user);
    if (!hasWindowData(diary)) return [text(texts.diary_empty, logRow())];
    const rows: QuickReply[][] = texts.questions.some((q) => !diary.answers[q.id])
      ? [[{ label: texts.answers_button, data: buttonData.questions() }]]
      : [];
    return [text(summaryText(diary, clock.now(), texts), rows), await chartReply(diary)];
  };

  const exportData = async (user: string, extra: Record<string, unknown>): Promise<DiaryReply[]> => {
    const diary = (await read(user)) ?? null;
    const hasExtra = Object.keys(extra).length > 0;
    if (!diary && !hasExtra) return [text(texts.mydata_empty)];
    const content = JSON.stringify(
      { exported_at: new Date(clock.now()).toISOString(), ...extra, diary },
      null,
      2,
    );
    return [{ kind: 'document', filename: 'crampbot-my-data.json', content, caption: texts.mydata_caption }];
  };

  const showReminder = async (turn: DiaryTurn): Promise<DiaryReply[]> => {
    if (turn.chatId === undefined) return [text(texts.web_only_telegram)];
    const diary = await read(turn.user);
    const choices = [REMINDER_CHOICES.map((time) => ({ label: time, data: buttonData.remind(time) }))];
    if (diary?.reminder) {
      return [
        text(fill(texts.remind_current, { time: diary.reminder.time }), [
          ...choices,
          [{ label: texts.reminder_off_button, data: buttonData.remind(null) }],
        ]),
      ];
    }
    return [text(texts.remind_usage, choices)];
  };

  // Entry points -------------------------------------------------------------------------------------

  const command = async (
    turn: DiaryTurn,
    name: DiaryCommand,
    args: string,
    extra: Record<string, unknown> = {},
  ): Promise<DiaryReply[]> => {
    switch (name) {
      case 'cramp':
        return logCramp(turn);
      case 'diary':
        return showDiary(turn.user);
      case 'summary':
        return showSummary(turn.user);
      case 'mydata':
        return exportData(turn.user, extra);
      case 'remind': {
        const argument = args.trim().toLowerCase();
        if (argument === '') return showReminder(turn);
        if (argument === 'off' || argument === 'stop') return setReminder(turn, null);
        const minutes = parseTypedTime(argument);
        if (minutes === null) return [text(texts.remind_bad_time)];
        return setReminder(turn, clockFromMinutes(minutes));
      }
    }
  };

  const press = async (turn: DiaryTurn, button: DiaryButton): Promise<DiaryReply[]> => {
    const gone = [text(texts.entry_gone)];
    switch (button.kind) {
      case 'log':
        return logCramp(turn);
      case 'last_night': {
        const { found } = await changeEntry(turn.user, button.entry, (cramp, current) => ({
          ...cramp,
          at: lastNightAt(clock.now(), offsetOf(current)),
          when: 'last_night',
        }));
        if (!found) return gone;
        return [text(fill(texts.logged, { when: texts.when_last_night }), legRows(button.entry))];
      }
      case 'leg': {
        const { found } = await changeEntry(turn.user, button.entry, (cramp) => ({
          ...cramp,
          leg: button.leg,
        }));
        return found ? [text(texts.ask_duration, durationRows(button.entry))] : gone;
      }
      case 'duration': {
        const { found, diary } = await changeEntry(turn.user, button.entry, (cramp) => ({
          ...cramp,
          duration: button.duration,
        }));
        const cramp = diary.cramps.find((entry) => entry.id === button.entry);
        return found && cramp ? afterDuration(turn, cramp, diary) : gone;
      }
      case 'questions': {
        const diary = await update(turn.user, (current) => ({ ...current, questionsOfferedAt: clock.now() }));
        return [nextQuestion(diary)];
      }
      case 'skip':
        return [text(texts.questions_skipped)];
      case 'answer': {
        const question = questionById(button.question);
        if (!question?.choices.some((choice) => choice.id === button.choice)) return gone;
        const exclusive = ['none', 'nothing', 'no', 'na'];
        const diary = await update(turn.user, (current) => {
          const previous = current.answers[question.id]?.choices ?? [];
          let choices: string[];
          if (!question.multi) choices = [button.choice];
          else if (previous.includes(button.choice)) choices = previous.filter((id) => id !== button.choice);
          else if (exclusive.includes(button.choice)) choices = [button.choice];
          else choices = [...previous.filter((id) => !exclusive.includes(id)), button.choice];
          return { ...current, answers: { ...current.answers, [question.id]: { choices, at: clock.now() } } };
        });
        const chosen = diary.answers[question.id]?.choices ?? [];
        if (question.multi)
          return [{ kind: 'keyboard', text: question.text, rows: questionRows(question, chosen) }];
        return [...adviceFor(question, chosen, turn), nextQuestion(diary)];
      }
      case 'answers_done': {
        const question = questionById(button.question);
        if (!question) return gone;
        const diary = await update(turn.user, (current) =>
          current.answers[question.id]
            ? current
            : {
                ...current,
                answers: { ...current.answers, [question.id]: { choices: [], at: clock.now() } },
              },
        );
        return [...adviceFor(question, diary.answers[question.id]?.choices ?? [], turn), nextQuestion(diary)];
      }
      case 'timezone':
        return setTimezone(turn, button.offsetMinutes);
      case 'remind':
        return setReminder(turn, button.time);
      case 'stretch': {
        const now = clock.now();
        await update(turn.user, (diary) => {
          const offset = offsetOf(diary);
          const night = localDay(now - DAY_MS / 2, offset);
          const already = diary.stretches.some((at) => localDay(at - DAY_MS / 2, offset) === night);
          return already ? diary : { ...diary, stretches: [...diary.stretches, now] };
        });
        return [text(texts.stretch_logged)];
      }
      case 'chart':
        return showDiary(turn.user);
    }
  };

  return {
    texts,
    command,
    /** A diary button press; null when the data is not a well-formed diary button. */
    button: async (turn: DiaryTurn, data: string): Promise<DiaryReply[] | null> => {
      const button = parseDiaryButton(data);
      return button ? press(turn, button) : null;
    },
    /**
     * Typed text is the diary's only while it waits for "what time is it?", and only when it reads as a
     * time; anything else (null) goes on to the engine and its red-flag rules.
     */
    text: async (turn: DiaryTurn, typed: string): Promise<DiaryReply[] | null> => {
      const minutes = parseTypedTime(typed);
      if (minutes === null) return null;
      const diary = await store.read(turn.user);
      if (!diary?.pendingTimezone || diary.pendingTimezone.until <= clock.now()) return null;
      return setTimezone(turn, offsetFromLocalMinutes(clock.now(), minutes));
    },
    /** The "Log a cramp" button for answers of these intents (knowledge/diary.yaml). */
    logButtonFor: (intent: string | null): QuickReply | null =>
      intent !== null && texts.log_button_under.includes(intent)
        ? { label: texts.log_button, data: buttonData.log() }
        : null,
    /** /forget: the diary and any queued reminder. */
    forget: async (user: string): Promise<void> => {
      const diary = await store.read(user);
      await store.delete(user);
      if (diary?.reminder) await scheduler?.changed(user, diary.reminder, null);
      logger.info({ diary: 'deleted' }, 'diary forgotten');
    },
  };
};
