import { Composer } from 'grammy';
import type { Logger } from '../../logger.js';
import type { BotContext } from '../context.js';

/** Last in the chain: whatever no feature took (a service message, an unknown update type) ends here. */
export const unhandledFeature = (logger: Logger): Composer<BotContext> => {
  const composer = new Composer<BotContext>();
  composer.use((ctx) => {
    ctx.trace.outcome = 'unhandled';
    logger.debug({ update_id: ctx.update.update_id }, 'no feature handled this update');
  });
  return composer;
};
