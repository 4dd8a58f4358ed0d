import type { Redis } from 'ioredis';
import { type BuildEvent, type BuildLogLine, encodeBuildEvent, encodeLogLine, streams } from '../../../contract/build-streams.js';

// The builder writes only to Redis: log lines and status events go to streams, whose IDs give
// readers an order to resume from, and control persists them. The process that holds the
// Docker socket needs no database credentials.

/** Plenty for any build log a person reads; older lines are trimmed. */
const MAX_LOG_LINES = 50_000;
/** Control applies events within seconds; the stream only has to outlast a control restart. */
const MAX_EVENTS = 100_000;

export interface BuildReporter {
  line(deploymentId: string, line: BuildLogLine): void;
  event(deploymentId: string, event: BuildEvent): Promise<void>;
}

export function redisReporter(redis: Redis, onError: (error: unknown) => void): BuildReporter {
  return {
    line(deploymentId, line) {
      redis.xadd(streams.log(deploymentId), 'MAXLEN', '~', MAX_LOG_LINES, '*', ...encodeLogLine(line)).catch(onError);
    },
    async event(deploymentId, event) {
      await redis.xadd(streams.events, 'MAXLEN', '~', MAX_EVENTS, '*', ...encodeBuildEvent(deploymentId, event));
    },
  };
}
