// How long a line an app writes takes to reach a dashboard: the app stamps each line with the
// moment it writes it, and the stamp is compared with the moment the line arrives over the
// runtime-log Server-Sent Events, on the same host's clock.
import type { RuntimeLogEvent } from '../control/src/api/replies.js';
import { openEvents } from '../test/support/sse.js';
import { testbedVar } from '../test/support/testbed.js';
import { type Bench, createProject, newRepository, timedDeploy } from './platform.js';

const LINES = 600;

// A line every 20 ms, for two minutes: enough for the measurement, not enough to fill a disk if
// the bench is cut short.
const SERVER = `
require('node:http').createServer((req, res) => res.end('log-latency')).listen(process.env.PORT);
const printing = setInterval(() => console.log(Date.now()), 20);
setTimeout(() => clearInterval(printing), 120_000);
`;

/** Each line's latency in milliseconds, sorted. */
export async function logLatency(bench: Bench): Promise<number[]> {
  const repository = newRepository(bench, {
    'server.js': SERVER,
    Dockerfile: `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nCOPY server.js /app/\nEXPOSE 3000\nCMD ["node", "/app/server.js"]\n`,
  });
  const project = await createProject(bench, 'logs', repository);
  const { deployment } = await timedDeploy(bench, project, 'log-latency');
  const url = `${bench.api.origin}/api/projects/${project.id}/deployments/${deployment.id}/runtime-logs`;
  const stream = await openEvents(url, { authorization: `Bearer ${bench.api.token}` });
  if (stream.status !== 200) throw new Error(`runtime logs: ${stream.status} ${stream.body}`);
  const opened = Date.now();
  const latencies: number[] = [];
  try {
    while (latencies.length < LINES) {
      const event = await stream.next(5_000);
      if (event === null) throw new Error('the runtime log stream ended');
      const received = Date.now();
      if (event.event !== 'message') continue;
      const written = Number((JSON.parse(event.data) as RuntimeLogEvent).text);
      // Lines from before the viewer came are its backfill, sent at once: not what latency means.
      if (written >= opened) latencies.push(received - written);
    }
  } finally {
    stream.close();
  }
  await bench.api.request('DELETE', `/projects/${project.id}`);
  return latencies.sort((a, b) => a - b);
}
