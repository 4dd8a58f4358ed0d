import type { Readable } from 'node:stream';
import type Docker from 'dockerode';

// The Docker engine may restart under long work (an upgrade, a crash), and come back within
// seconds: a build step it killed fails with an exit code like the app's own, a container it
// stopped reads as an app that exited. The engine ends every event stream as it stops, so one held
// open through the work says whether it restarted meanwhile, however fast it came back. The
// builder builds again, and a rollout runs again, when it did.

export interface EngineWatch {
  /** Whether the engine went away since the watch began. */
  lost(): boolean;
  stop(): void;
}

/** A watch from now on; null when the engine does not answer now. */
export async function watchEngine(docker: Docker): Promise<EngineWatch | null> {
  const events = (await docker.getEvents({ filters: JSON.stringify({ type: ['daemon'] }) }).catch(() => null)) as Readable | null;
  if (events === null) return null;
  let lost = false;
  let stopped = false;
  const gone = () => {
    if (!stopped) lost = true;
  };
  events.on('end', gone).on('close', gone).on('error', gone);
  return {
    lost: () => lost,
    stop() {
      stopped = true;
      events.destroy();
    },
  };
}
