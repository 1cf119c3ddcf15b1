import type { EngineResult, QuickReply } from '../engine/index.js';

/** Puts the extra button under the last answer message; never under an emergency reply. */
export const withAnswerButton = (
  result: EngineResult,
  answerButton: ((intent: string | null) => QuickReply | null) | undefined,
): EngineResult => {
  const button = answerButton?.(result.intent);
  if (!button || result.escalation === 'emergency') return result;
  const index = result.messages.findLastIndex((message) => message.kind === 'answer');
  if (index < 0) return result;
  const messages = result.messages.map((message, i) =>
    i === index && !message.buttons.some((b) => b.data === button.data)
      ? { ...message, buttons: [...message.buttons, button] }
      : message,
  );
  return { ...result, messages };
};
