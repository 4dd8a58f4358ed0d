import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { createLogDecoder, type RuntimeLogLine } from './docker-log-decoder.js';

// A deployment's logs live in Docker, and every open `docker logs --follow` holds a connection
// to the engine and a reader on the container's log file. Viewers of one container therefore
// share one Docker stream: it opens with the first viewer, keeps the last lines in memory for
// those who join later, and closes with the last viewer, when nobody is left to read it.

export interface RuntimeLogs {
  /** Backfill: the last `backfill` lines already written (from the container's log), then every new line until `signal` aborts. */
  follow(containerId: string, onLine: (line: RuntimeLogLine) => void, signal: AbortSignal): Promise<void>;
  close(): void;
}

const DEFAULT_BACKFILL = 200;

/** The last `capacity` items pushed, oldest first. */
export function createRing<T>(capacity: number): { push(item: T): void; items(): T[] } {
  const slots: T[] = [];
  let oldest = 0;
  return {
    // Until it is full, `oldest` is where the next item goes at the end, and the slice before it is all there is.
    push(item) {
      if (capacity <= 0) return;
      slots[oldest] = item;
      oldest = (oldest + 1) % capacity;
    },
    items: () => [...slots.slice(oldest), ...slots.slice(0, oldest)],
  };
}

interface Viewer {
  onLine(line: RuntimeLogLine): void;
  done(error?: unknown): void;
}

interface SharedTail {
  join(viewer: Viewer): void;
  leave(viewer: Viewer, error?: unknown): void;
  finish(error?: unknown): void;
}

export function runtimeLogs(docker: Docker, options: { backfill?: number } = {}): RuntimeLogs {
  const backfill = options.backfill ?? DEFAULT_BACKFILL;
  const tails = new Map<string, SharedTail>();
  let closed = false;

  const tailOf = (containerId: string): SharedTail => {
    const existing = tails.get(containerId);
    if (existing) return existing;
    const tail = shareTail(docker.getContainer(containerId), backfill, () => tails.delete(containerId));
    tails.set(containerId, tail);
    return tail;
  };

  return {
    follow(containerId, onLine, signal) {
      if (closed) return Promise.reject(new Error('runtime logs are closed'));
      if (signal.aborted) return Promise.resolve();
      const tail = tailOf(containerId);
      return new Promise((resolve, reject) => {
        const leave = () => tail.leave(viewer);
        const viewer: Viewer = {
          onLine,
          done(error) {
            signal.removeEventListener('abort', leave);
            if (error === undefined) resolve();
            else reject(error);
          },
        };
        signal.addEventListener('abort', leave, { once: true });
        tail.join(viewer);
      });
    },
    close() {
      closed = true;
      for (const tail of [...tails.values()]) tail.finish();
    },
  };
}

/** One Docker stream for a container, fanned out to its viewers; `onEnd` runs once when it ends. */
function shareTail(container: Docker.Container, backfill: number, onEnd: () => void): SharedTail {
  const viewers = new Set<Viewer>();
  const recent = createRing<RuntimeLogLine>(backfill);
  let stream: Readable | undefined;
  let ended = false;
  let lastSeq = -1n;

  const finish = (error?: unknown): void => {
    if (ended) return;
    ended = true;
    stream?.destroy();
    onEnd();
    for (const viewer of viewers) viewer.done(error);
    viewers.clear();
  };
  const leave = (viewer: Viewer, error?: unknown): void => {
    if (!viewers.delete(viewer)) return;
    viewer.done(error);
    if (viewers.size === 0) finish();
  };
  // A viewer whose handler throws is a broken viewer, not a broken stream: it alone is dropped.
  const send = (viewer: Viewer, line: RuntimeLogLine): void => {
    if (!viewers.has(viewer)) return;
    try {
      viewer.onLine(line);
    } catch (error) {
      leave(viewer, error);
    }
  };
  const deliver = (lines: RuntimeLogLine[]): void => {
    for (const decoded of lines) {
      // A line half written when another stream's line was logged carries the earlier stamp;
      // its seq still follows the line delivered before it.
      const line = decoded.seq > lastSeq ? decoded : { ...decoded, seq: lastSeq + 1n };
      lastSeq = line.seq;
      recent.push(line);
      for (const viewer of viewers) send(viewer, line);
    }
  };

  openLogStream(container, backfill).then(({ body, tty }) => {
    if (ended) return void body.destroy();
    stream = body;
    readLogStream(body, tty, deliver, finish);
  }, finish);

  return {
    join(viewer) {
      viewers.add(viewer);
      // Synchronous, so no line arrives between the backfill and the first new line.
      for (const line of recent.items()) send(viewer, line);
    },
    leave,
    finish,
  };
}

function readLogStream(body: Readable, tty: boolean, onLines: (lines: RuntimeLogLine[]) => void, onEnd: (error?: unknown) => void): void {
  const decoder = createLogDecoder({ tty });
  body.on('data', (chunk: Buffer) => onLines(decoder.push(chunk)));
  body.on('end', () => {
    onLines(decoder.end());
    onEnd();
  });
  body.on('error', onEnd);
  // A connection that drops without an error still ends what a viewer can see.
  body.on('close', () => onEnd());
}

async function openLogStream(container: Docker.Container, backfill: number): Promise<{ body: Readable; tty: boolean }> {
  const info = await container.inspect();
  const body = await container.logs({ follow: true, stdout: true, stderr: true, timestamps: true, tail: backfill });
  // dockerode types the body as a bare ReadableStream; it is the HTTP response, which can be destroyed.
  if (!(body instanceof Readable)) throw new Error('Docker returned a log stream that cannot be closed');
  return { body, tty: info.Config.Tty };
}
