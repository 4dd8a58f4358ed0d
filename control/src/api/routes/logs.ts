import { Hono } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import { parse } from '../../../../shared/refusal.js';
import { containerName } from '../../deployments/container-spec.js';
import { containerRuntimeState, type RuntimeState } from '../../deployments/runtime-state.js';
import { buildLogFeed, type BuildLogLine } from '../../logs/build-log-feed.js';
import { runtimeLogFeed } from '../../logs/runtime-log-feed.js';
import type { RuntimeLogLine } from '../../logs/docker-log-decoder.js';
import { parseStreamId } from '../../logs/stream-id.js';
import { type ApiContext, type ApiDependencies, type ApiEnv, ownedDeployment } from '../context.js';
import { ApiError } from '../errors.js';
import { eventStream as stream } from '../event-stream.js';
import type { Operation } from '../openapi.js';

// Watching a deployment: its build log and its container's log as Server-Sent Events, and its
// container's state. Each event's `id` is where the log stands, so a browser's EventSource that
// reconnects (it sends `Last-Event-ID`) gets only what it has not seen. A stream that reached the
// log's end sends an `end` event; one closed without it is to be reconnected.

const buildLineId = z.string().refine((text) => parseStreamId(text) !== null, 'expected <ms>-<seq>, the id of an event this stream sent');
const runtimeLineId = z.string().regex(/^\d{1,20}$/, 'expected digits, the id of an event this stream sent');

/** For clients that cannot set `Last-Event-ID`; the header wins when both are sent. */
export const buildLogsQuery = z.object({ lastEventId: buildLineId.optional() });
export const buildLogsHeaders = z.object({ 'Last-Event-ID': buildLineId.optional() });
export const runtimeLogsQuery = z.object({ lastEventId: runtimeLineId.optional() });
export const runtimeLogsHeaders = z.object({ 'Last-Event-ID': runtimeLineId.optional() });

/** The data of a build log's line event; the line's stream ID is the event's ID. */
export type BuildLogEvent = JSONParsed<BuildLogLine>;

/** A container's state: GET .../state's reply, and the data of a runtime log's `end` event. */
export type ContainerStateReply = JSONParsed<RuntimeState>;

/** The data of a runtime log's line event; the line's `seq` is the event's ID. */
export type RuntimeLogEvent = JSONParsed<Omit<RuntimeLogLine, 'seq'>>;

const base = '/projects/:projectId/deployments/:deploymentId';
const missing = { 404: 'no such project or deployment (or not yours)' };

export const logOperations: Operation[] = [
  {
    operationId: 'streamBuildLogs',
    method: 'get',
    path: `${base}/build-logs`,
    summary: 'The build log as Server-Sent Events: stored lines, then live ones, then an `end` event with the final status',
    auth: 'user',
    query: buildLogsQuery,
    headers: buildLogsHeaders,
    responses: { 200: 'text/event-stream; each event id resumes the stream', 400: 'Last-Event-ID is malformed', ...missing },
  },
  {
    operationId: 'streamRuntimeLogs',
    method: 'get',
    path: `${base}/runtime-logs`,
    summary: "The container's output as Server-Sent Events: recent lines, then live ones",
    auth: 'user',
    query: runtimeLogsQuery,
    headers: runtimeLogsHeaders,
    responses: { 200: 'text/event-stream; each event id resumes the stream', 400: 'Last-Event-ID is malformed', 409: 'the deployment has no container', ...missing },
  },
  { operationId: 'getContainerState', method: 'get', path: `${base}/state`, summary: "The container's state: running, restarting, exited or missing", auth: 'user', responses: { 200: 'the state', ...missing } },
];

export function logRoutes(deps: ApiDependencies, onUnexpected: (error: unknown) => void): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  const eventStream = (c: ApiContext, send: Parameters<typeof stream>[3]) => stream(c, deps, onUnexpected, send);

  app.get(`${base}/build-logs`, async (c) => {
    const { deployment } = await ownedDeployment(c, deps);
    const after = lastEventId(c, buildLogsHeaders, buildLogsQuery);
    return eventStream(c, async (stream, signal) => {
      const resume = after === undefined ? {} : { after: parseStreamId(after)! };
      for await (const item of buildLogFeed({ db: deps.platform.db, lines: deps.buildLogs, deploymentId: deployment.id, ...resume, signal })) {
        if (item.type === 'line') await stream.writeSSE({ id: item.id, data: JSON.stringify(item.line) });
        else await stream.writeSSE({ event: 'end', data: JSON.stringify({ status: item.status }) });
      }
    });
  });

  app.get(`${base}/runtime-logs`, async (c) => {
    const { project, deployment } = await ownedDeployment(c, deps);
    const after = lastEventId(c, runtimeLogsHeaders, runtimeLogsQuery);
    const name = containerName(deployment.id, project.slug);
    const container = deps.platform.docker.getContainer(name);
    if ((await containerRuntimeState(container)).state === 'missing') {
      throw new ApiError(409, 'this deployment has no container: it never started, or it was retired');
    }
    return eventStream(c, async (stream, signal) => {
      const resume = after === undefined ? {} : { after: BigInt(after) };
      for await (const item of runtimeLogFeed(deps.runtimeLogs, name, { ...resume, signal })) {
        if (item.type === 'line') {
          const { seq, ...line } = item.line;
          await stream.writeSSE({ id: String(seq), data: JSON.stringify(line) });
        } else {
          await stream.writeSSE({ event: 'end', data: JSON.stringify(await containerRuntimeState(container)) });
        }
      }
    });
  });

  app.get(`${base}/state`, async (c) => {
    const { project, deployment } = await ownedDeployment(c, deps);
    return c.json(await containerRuntimeState(deps.platform.docker.getContainer(containerName(deployment.id, project.slug))));
  });

  return app;
}

/** Where a reconnecting viewer stands: EventSource's header, or the query of a client that cannot set one. */
function lastEventId(
  c: ApiContext,
  headers: z.ZodType<{ 'Last-Event-ID'?: string | undefined }>,
  query: z.ZodType<{ lastEventId?: string | undefined }>,
): string | undefined {
  const fromHeader = parse(headers, { 'Last-Event-ID': c.req.header('last-event-id') })['Last-Event-ID'];
  const fromQuery = parse(query, c.req.query()).lastEventId;
  return fromHeader ?? fromQuery;
}
