/**
 * Try the web chat alone: `npx tsx src/web/dev.ts [kb-root]`, then open http://127.0.0.1:3100/.
 * Sessions are kept in memory; the knowledge base is read from kb-root (default: the project root), e.g.
 * `npx tsx src/web/dev.ts test/fixtures/kb-web`. Port from WEB_DEV_PORT (default 3100), always on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { MemorySessionStorage } from 'grammy';
import { loadConfig } from '../config.js';
import { defaultPaths, loadEngine } from '../engine/index.js';
import { loadEnvFile } from '../env-file.js';
import { createLogger } from '../logger.js';
import type { SessionData } from '../sessions/index.js';
import { startWebChat } from './index.js';

loadEnvFile();
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const engine = loadEngine(defaultPaths(resolve(process.argv[2] ?? '.')));
const server = createServer();
const chat = await startWebChat({
  config,
  engine,
  storage: new MemorySessionStorage<SessionData>(),
  logger,
  server,
});
server.on('request', (req, res) => {
  if (!chat.handle(req, res)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not found');
  }
});
const port = Number(process.env.WEB_DEV_PORT?.trim() || 3100);
server.listen(port, '127.0.0.1', () => {
  console.log(`web chat: http://127.0.0.1:${port}/`);
});
const stop = async () => {
  await chat.close();
  server.close();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
