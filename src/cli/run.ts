import { ConfigError } from '../config.js';
import { KnowledgeError } from '../engine/index.js';
import { EnvFileError, loadEnvFile } from '../env-file.js';

/**
 * Runs a CLI's main function after reading `.env` (as `npm start` does); knowledge and configuration
 * errors print as one clear line and exit 1, not a stack trace.
 */
export const runCli = (main: () => Promise<void> | void): void => {
  Promise.resolve()
    .then(() => loadEnvFile())
    .then(main)
    .catch((error: unknown) => {
      if (error instanceof KnowledgeError) process.stderr.write(`Knowledge base error: ${error.message}\n`);
      else if (error instanceof ConfigError || error instanceof EnvFileError)
        process.stderr.write(`${error.message}\n`);
      else
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
};
