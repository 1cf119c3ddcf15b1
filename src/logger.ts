import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs. Health messages are sensitive: nothing logs message text unless
 * LOG_MESSAGE_TEXT=true, and the redaction below is a second guard for fields named like text.
 */
export const createLogger = (level: string, destination?: pino.DestinationStream): Logger =>
  pino(
    {
      level,
      base: { app: 'crampbot' },
      redact: {
        paths: ['text', '*.text', 'message.text', '*.message.text', 'update.message.text'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination(2),
  );
