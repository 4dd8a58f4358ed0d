// The API under a dashboard's kind of traffic: a user with 1,000 projects, their list asked for
// 200 times a second over keep-alive connections, with an API token.
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import type { ProjectReply, UserReply } from '../control/src/api/replies.js';
import { projects } from '../control/src/db/schema.js';
import { type LoadReport, startLoad } from '../test/support/load.js';
import type { Bench } from './platform.js';

export const API_PROJECTS = 1_000;
export const API_RATE = 200;

export interface ApiLatency {
  report: LoadReport;
  /** How many projects one answer of GET /api/projects holds. */
  perResponse: number;
}

export async function apiLatency(bench: Bench): Promise<ApiLatency> {
  const me = await bench.api.request<UserReply>('GET', '/me');
  const owned = await bench.db.db.$count(projects, eq(projects.ownerId, me.id));
  await bench.db.db.insert(projects).values(
    Array.from({ length: API_PROJECTS - owned }, (_, i) => ({ ownerId: me.id, slug: `bench-${bench.run}-api-${i}`, repository: 'https://github.com/bench/app' })),
  );
  // The first second at this rate is connections opening and code warming up: not the steady state measured.
  await load(bench, 2_000);
  const report = await load(bench, 10_000);
  return { report, perResponse: (await bench.api.request<ProjectReply[]>('GET', '/projects')).length };
}

async function load(bench: Bench, ms: number): Promise<LoadReport> {
  const port = Number(new URL(bench.api.origin).port);
  const sending = startLoad({ port, host: `127.0.0.1:${port}`, path: '/api/projects', headers: { authorization: `Bearer ${bench.api.token}` }, rate: API_RATE });
  await sleep(ms);
  return sending.stop();
}
