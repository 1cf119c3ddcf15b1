import type { Engine } from '../../engine/index.js';
import type { Logger } from '../../logger.js';

/** What every feature composer gets from createBot. */
export interface FeatureDeps {
  engine: Engine;
  logger: Logger;
  /** Debug aid only: log what people write (LOG_MESSAGE_TEXT). Off by default, health data is sensitive. */
  logMessageText: boolean;
}
