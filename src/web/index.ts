/**
 * CONTRACT PLACEHOLDER — the Botkit web chat is being written; this signature is the contract main.ts uses.
 */
import type { Server } from 'node:http';
import type { StorageAdapter } from 'grammy';
import type { Config } from '../config.js';
import type { Engine } from '../engine/index.js';
import type { Logger } from '../logger.js';
import type { SessionData } from '../sessions/index.js';

export interface WebChatDeps {
  config: Config;
  engine: Engine;
  storage: StorageAdapter<SessionData>;
  logger: Logger;
  /** The process's one HTTP server (it also takes Telegram webhooks); the web chat adds its routes to it. */
  server: Server;
}

export interface WebChat {
  /** Handles a request if it belongs to the web chat; returns false to let another route take it. */
  handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): boolean;
  close(): Promise<void>;
}

export const startWebChat = async (_deps: WebChatDeps): Promise<WebChat> => ({
  handle: () => false,
  close: async () => {},
});
