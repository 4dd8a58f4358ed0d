import pg from 'pg';
import { z } from 'zod';

// Every deployment's creation and status move reaches the dashboards of its owner, whichever
// control instance or reconciler pass made it. A trigger announces each one on a Postgres channel
// when its transaction commits (control/drizzle/0007_deployment_changes.sql), naming the owner, and
// each instance LISTENs on one connection of its own for all its viewers: opening viewers costs
// no connections, and a change is matched to viewers without a query.

/** The Postgres channel the trigger notifies. */
const CHANNEL = 'deployment_changes';
/** The listening connection's name in pg_stat_activity. */
export const LISTENER_NAME = 'aether-deployment-changes';

/** Which deployment of which project changed, and to what status; what a viewer receives. */
export interface DeploymentChange {
  projectId: string;
  deploymentId: string;
  status: string;
}

const notification = z.object({ ownerId: z.string(), projectId: z.string(), deploymentId: z.string(), status: z.string() });

export interface DeploymentChanges {
  /**
   * The changes to `userId`'s deployments committed after it resolves, until `signal` aborts or
   * the listening connection is lost; then the feed ends, and the viewer is to reconnect and read
   * again what it shows, as it missed what happened meanwhile.
   */
  follow(userId: string, signal: AbortSignal): Promise<AsyncIterable<DeploymentChange>>;
  close(): Promise<void>;
}

interface Viewer {
  userId: string;
  push(change: DeploymentChange): void;
  end(): void;
}

/** The change a notification announces and whose it is; null for anything else on the channel. */
export function notifiedChange(payload: string | undefined): { ownerId: string; change: DeploymentChange } | null {
  let json: unknown;
  try {
    json = JSON.parse(payload ?? 'null');
  } catch {
    return null;
  }
  const parsed = notification.safeParse(json);
  if (!parsed.success) return null;
  const { ownerId, ...change } = parsed.data;
  return { ownerId, change };
}

export function deploymentChanges(connectionString: string): DeploymentChanges {
  const viewers = new Set<Viewer>();
  let listening: Promise<pg.Client> | undefined;
  /** The connection that listens now: a lost one's late events must not end its successor's viewers. */
  let current: pg.Client | undefined;
  let closed = false;

  function deliver(payload: string | undefined): void {
    const notified = notifiedChange(payload);
    if (notified === null) return;
    for (const viewer of viewers) if (viewer.userId === notified.ownerId) viewer.push(notified.change);
  }

  function lost(client: pg.Client): void {
    if (client !== current) return;
    current = undefined;
    listening = undefined;
    void client.end().catch(() => undefined);
    for (const viewer of [...viewers]) viewer.end();
  }

  async function listen(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString, application_name: LISTENER_NAME });
    client.on('notification', (message) => deliver(message.payload));
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      current = client;
      return client;
    } catch (error) {
      listening = undefined;
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  return {
    async follow(userId, signal) {
      if (closed) throw new Error('deployment changes are closed');
      await (listening ??= listen());
      const queued: DeploymentChange[] = [];
      let wake: (() => void) | undefined;
      let ended = signal.aborted;
      const viewer: Viewer = {
        userId,
        push(change) {
          queued.push(change);
          wake?.();
        },
        end() {
          ended = true;
          viewers.delete(viewer);
          wake?.();
        },
      };
      if (!ended) viewers.add(viewer);
      signal.addEventListener('abort', viewer.end, { once: true });
      return (async function* () {
        try {
          for (;;) {
            const change = queued.shift();
            if (change !== undefined) yield change;
            else if (ended) return;
            else await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          viewer.end();
          signal.removeEventListener('abort', viewer.end);
        }
      })();
    },
    async close() {
      closed = true;
      const client = await listening?.catch(() => undefined);
      if (client !== undefined) lost(client);
    },
  };
}
