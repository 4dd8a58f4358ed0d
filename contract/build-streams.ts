import { z } from 'zod';
import { repositorySettingsSchema } from './repository-settings.js';

// What the builder writes to Redis streams and control reads: each build's log lines on a stream
// of its own, and every build's events on one. The builder encodes with these functions and
// control decodes with them, so both sides agree on the fields and a message that breaks the
// contract is refused where it is read.

export const streams = {
  log: (deploymentId: string) => `aether:build-log:${deploymentId}`,
  events: 'aether:build-events',
};

/** An entry as XRANGE, XREAD and XREADGROUP return it: its ID and its fields as name, value, name, value. */
export type StreamEntry = [id: string, fields: string[]];

const buildLogLineSchema = z.object({
  timestamp: z.date(),
  /** The step's number in this build, in the order steps first appeared. */
  step: z.number().int(),
  stream: z.enum(['step', 'stdout', 'stderr']),
  text: z.string(),
});

/** A line of a build's log, as a person reads it. */
export type BuildLogLine = z.infer<typeof buildLogLineSchema>;

/** What control keeps of a built image. */
const builtImageSchema = z.object({
  imageId: z.string(),
  commit: z.object({ sha: z.string(), message: z.string() }),
  /** What Aether generated, kept with the deployment so the user can read it or commit it; null for their own. */
  dockerfile: z.string().nullable(),
  /** The port the app listens on, or null when neither the settings nor the image say. */
  port: z.number().int().nullable(),
  /** What the build detected, as a person names it ("Next.js", "FastAPI", "Dockerfile"); null from a builder older than the field. */
  framework: z.string().nullable().default(null),
});

/** What a build found and will run, told before it runs, so that a build that then fails still shows it. */
const detectedSchema = z.object({
  /** As a person names it ("Next.js", "FastAPI", "Dockerfile"). */
  framework: z.string(),
  /** What Aether generated; null for the repository's own. */
  dockerfile: z.string().nullable(),
  /** The app's aether.json, which won over the project's settings; null when it has none. */
  repositorySettings: repositorySettingsSchema.nullable(),
});

/** What a build found and will run. */
export type BuildDetected = z.infer<typeof detectedSchema>;

const buildEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('building') }),
  z.object({ type: z.literal('detected'), ...detectedSchema.shape }),
  z.object({ type: z.literal('built'), image: builtImageSchema }),
  z.object({ type: z.literal('failed'), error: z.string() }),
  z.object({ type: z.literal('canceled'), reason: z.string() }),
  z.object({ type: z.literal('superseded'), by: z.string() }),
]);

/** What happened to a deployment's build, in the order it happens; each ends the build but `building` and `detected`. */
export type BuildEvent = z.infer<typeof buildEventSchema>;

const logFieldsSchema = z.object({
  at: z.iso.datetime().transform((at) => new Date(at)),
  step: z.coerce.number().int(),
  stream: buildLogLineSchema.shape.stream,
  text: z.string(),
});

const eventFieldsSchema = z.object({ deploymentId: z.string(), event: z.string() });

export function encodeLogLine(line: BuildLogLine): string[] {
  return ['at', line.timestamp.toISOString(), 'step', String(line.step), 'stream', line.stream, 'text', line.text];
}

export function decodeLogLine(fields: string[]): BuildLogLine {
  const { at, ...line } = logFieldsSchema.parse(byName(fields));
  return { timestamp: at, ...line };
}

/** Parsing keeps only what the contract names: a built image's detection stays in the builder. */
export function encodeBuildEvent(deploymentId: string, event: BuildEvent): string[] {
  return ['deploymentId', deploymentId, 'event', JSON.stringify(buildEventSchema.parse(event))];
}

export function decodeBuildEvent(fields: string[]): { deploymentId: string; event: BuildEvent } {
  const { deploymentId, event } = eventFieldsSchema.parse(byName(fields));
  return { deploymentId, event: buildEventSchema.parse(JSON.parse(event)) };
}

/** The deployment an event is about, without reading the event itself. */
export function decodeBuildEventDeployment(fields: string[]): string {
  return eventFieldsSchema.shape.deploymentId.parse(byName(fields).deploymentId);
}

function byName(fields: string[]): Record<string, string> {
  const named: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) named[fields[i]!] = fields[i + 1]!;
  return named;
}
