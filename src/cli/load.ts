/**
 * `npm run load`: webhook updates at one crampbot instance on this machine, for 60 s by default, then
 * updates/s, p99 latency and failures. Without --url it starts the instance itself (src/main.ts in
 * webhook mode) with a fake Bot API on 127.0.0.1 for its replies. Exit code 0 only if every update was
 * answered with 200; 2 for bad options. `npm run load -- --help` lists the options.
 */
import { loadEnvFile } from '../env-file.js';
import { startFakeBotApi } from '../load/fake-bot-api.js';
import { startBotInstance } from '../load/instance.js';
import { LoadOptionsError, parseLoadOptions, USAGE } from '../load/options.js';
import { formatReport, passed } from '../load/report.js';
import { sendUpdates } from '../load/run.js';
import { createLoadUpdates } from '../load/updates.js';

const main = async (): Promise<number> => {
  let options: ReturnType<typeof parseLoadOptions>;
  try {
    loadEnvFile(); // LOAD_* may be set there, as every setting of `npm start`
    options = parseLoadOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof LoadOptionsError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const settings = {
    durationSeconds: options.durationSeconds,
    connections: options.connections,
    rate: options.rate,
  };
  const nextBody = createLoadUpdates();

  if (options.url && options.secret) {
    const figures = await sendUpdates({ url: options.url, secret: options.secret }, settings, nextBody);
    process.stdout.write(
      `${options.json ? JSON.stringify(figures) : formatReport(figures, { target: options.url })}\n`,
    );
    return passed(figures) ? 0 : 1;
  }

  const api = await startFakeBotApi({ record: false });
  const instance = await startBotInstance({ apiRoot: api.apiRoot, redisUrl: options.redisUrl }).catch(
    async (error) => {
      await api.close();
      throw error;
    },
  );
  process.stderr.write(
    `Started src/main.ts at ${instance.url}; sending updates for ${options.durationSeconds} s...\n`,
  );
  try {
    const figures = await sendUpdates(instance, settings, nextBody);
    const replies = Object.fromEntries(
      ['sendMessage', 'answerCallbackQuery', 'sendChatAction'].map((method) => [method, api.count(method)]),
    );
    const target = `one instance (src/main.ts, webhook mode, ${options.redisUrl ? 'Redis' : 'SQLite'} sessions) on 127.0.0.1, fake Bot API`;
    process.stdout.write(
      `${options.json ? JSON.stringify({ ...figures, botApiCalls: replies }) : formatReport(figures, { target, replies })}\n`,
    );
    const code = await instance.stop();
    if (code !== 0) process.stderr.write(`The bot exited with ${code} on SIGTERM:\n${instance.logTail()}\n`);
    return passed(figures) && code === 0 ? 0 : 1;
  } finally {
    await instance.stop();
    await api.close();
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
