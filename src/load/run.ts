import autocannon from 'autocannon';
import { LIMITS } from './options.js';

export interface LoadTarget {
  url: string;
  secret: string;
}

export interface LoadFigures {
  durationSeconds: number;
  connections: number;
  /** The rate aimed at, if any. */
  rate: number | undefined;
  /** Updates answered with 200. (autocannon's own "sent" count runs a second ahead when a rate is set.) */
  answered: number;
  updatesPerSecond: { mean: number; min: number; max: number };
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/**
 * Sends webhook updates to one instance with autocannon: `connections` requests in flight, each waiting
 * for the answer (the webhook answers once the update is handled, replies sent), for `durationSeconds`,
 * optionally held to `rate` updates per second. Stops early on Ctrl-C.
 */
export const sendUpdates = async (
  target: LoadTarget,
  options: { durationSeconds: number; connections: number; rate: number | undefined },
  nextBody: () => string,
): Promise<LoadFigures> => {
  // Without a callback autocannon returns its tracker, which can stop() and is also a promise of the result.
  const instance = autocannon({
    url: target.url,
    connections: options.connections,
    duration: options.durationSeconds,
    maxOverallRequests: LIMITS.maxUpdates,
    // An update that takes 10 s is a failure, not a slow success.
    timeout: 10,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: 'POST',
        path: new URL(target.url).pathname,
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': target.secret },
        setupRequest: (request) => ({ ...request, body: nextBody() }),
      },
    ],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  const stop = () => instance.stop();
  process.once('SIGINT', stop);
  const result = await instance;
  process.off('SIGINT', stop);

  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = stats.count ?? 0;
  return {
    durationSeconds: result.duration,
    connections: options.connections,
    rate: options.rate,
    answered: result['2xx'],
    updatesPerSecond: { mean: result.requests.mean, min: result.requests.min, max: result.requests.max },
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
};
