import { decodeAction, type Engine, type EngineResult, LEVELS } from '../../src/engine/index.js';
import { toSessionData } from '../../src/sessions/index.js';

/** Telegram's limits, which every channel's reply must fit. */
const TEXT_LIMIT = 4096;
const CALLBACK_DATA_BYTES = 64;

/**
 * Everything wrong with an engine result, as readable lines (empty when it is well formed), so a failing
 * property names the problem instead of a bare "expected false to be true".
 */
export const problemsOf = (engine: Engine, result: EngineResult): string[] => {
  const problems: string[] = [];
  if (!Array.isArray(result.messages) || result.messages.length === 0) problems.push('no messages');
  for (const [index, message] of (result.messages ?? []).entries()) {
    const where = `message ${index} (${message.kind})`;
    if (typeof message.text !== 'string' || message.text.trim() === '') problems.push(`${where}: empty text`);
    else if (message.text.length > TEXT_LIMIT) problems.push(`${where}: ${message.text.length} characters`);
    if (!LEVELS.includes(message.level)) problems.push(`${where}: level ${String(message.level)}`);
    for (const button of message.buttons) {
      if (typeof button.label !== 'string' || button.label.trim() === '')
        problems.push(`${where}: unlabelled button`);
      const bytes = Buffer.byteLength(button.data ?? '', 'utf8');
      if (bytes === 0 || bytes > CALLBACK_DATA_BYTES)
        problems.push(`${where}: button data of ${bytes} bytes`);
      if (decodeAction(button.data) === null)
        problems.push(`${where}: button data "${button.data}" does not decode`);
    }
  }
  if (!LEVELS.includes(result.escalation)) problems.push(`escalation ${String(result.escalation)}`);
  if (result.intent !== null && !engine.kb.answers.has(result.intent))
    problems.push(`unknown intent ${result.intent}`);
  if (!Number.isFinite(result.confidence) || result.confidence < 0 || result.confidence > 1)
    problems.push(`confidence ${result.confidence}`);
  if (!toSessionData({ engine: result.state }))
    problems.push(`state cannot be stored: ${JSON.stringify(result.state)}`);
  return problems;
};
