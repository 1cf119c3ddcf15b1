import type { Engine, QuickReply } from '../../engine/index.js';
import type { Logger } from '../../logger.js';

/** What every feature composer gets from createBot. */
export interface FeatureDeps {
  engine: Engine;
  logger: Logger;
  /** Debug aid only: log what people write (LOG_MESSAGE_TEXT). Off by default, health data is sensitive. */
  logMessageText: boolean;
  /** A button added under answers of some intents ("Log a cramp" from the diary); none by default. */
  answerButton?: ((intent: string | null) => QuickReply | null) | undefined;
}
