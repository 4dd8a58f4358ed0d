import type { Redis } from 'ioredis';
import { type DetectionAnswer, detectionAnswerSchema, detectKeys } from '../../../contract/detect-job.js';

// Requests waiting for a detection hold no Redis connection each: one subscription per control
// instance hears every answered detection's ID, and wakes the request waiting for that one.

export interface DetectionAnswers {
  /**
   * Starts listening for the detection's answer; queue the job only once this resolves, so that
   * an answer cannot come before anyone listens. `answer` resolves with it, or null when none came
   * within `ms`.
   */
  listen(detectionId: string): Promise<{ answer(ms: number): Promise<DetectionAnswer | null> }>;
}

/** `redis` is shared with the rest of the instance; the watch adds one subscribing connection, opened on first use. */
export function detectionAnswers(redis: Redis): DetectionAnswers {
  const waiting = new Map<string, () => void>();
  let subscribed: Promise<unknown> | undefined;

  function subscribe(): Promise<unknown> {
    if (subscribed === undefined) {
      const subscriber = redis.duplicate();
      // A lost connection resubscribes when it returns; a waiter meanwhile reads its key at the end.
      subscriber.on('error', () => undefined);
      subscriber.on('message', (_channel, id: string) => waiting.get(id)?.());
      subscribed = subscriber.subscribe(detectKeys.answeredChannel);
    }
    return subscribed;
  }

  async function read(detectionId: string): Promise<DetectionAnswer | null> {
    const text = await redis.get(detectKeys.answer(detectionId));
    return text === null ? null : detectionAnswerSchema.parse(JSON.parse(text));
  }

  return {
    async listen(detectionId) {
      await subscribe();
      let answered: () => void = () => undefined;
      const published = new Promise<void>((resolve) => {
        answered = resolve;
      });
      waiting.set(detectionId, () => answered());
      return {
        async answer(ms) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([published, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
          clearTimeout(timer);
          waiting.delete(detectionId);
          return read(detectionId);
        },
      };
    },
  };
}
