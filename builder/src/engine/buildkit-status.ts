import { asDate, asText, readFields } from './protobuf.js';

// The parts of BuildKit's StatusResponse (moby/buildkit api/services/control/control.proto)
// that make a build log: the steps (vertexes) and what they printed.

export interface Vertex {
  digest: string;
  name: string;
  cached: boolean;
  started: Date | undefined;
  completed: Date | undefined;
  error: string;
}

export interface VertexLog {
  vertex: string;
  timestamp: Date;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface BuildStatus {
  vertexes: Vertex[];
  logs: VertexLog[];
}

/** Decodes the base64 `aux` of a `moby.buildkit.trace` message. */
export function decodeStatus(base64: string): BuildStatus {
  const status: BuildStatus = { vertexes: [], logs: [] };
  for (const field of readFields(Buffer.from(base64, 'base64'))) {
    if (field.value.wireType !== 'bytes') continue;
    if (field.number === 1) status.vertexes.push(decodeVertex(field.value.value));
    if (field.number === 3) status.logs.push(decodeLog(field.value.value));
  }
  return status;
}

function decodeVertex(bytes: Uint8Array): Vertex {
  const vertex: Vertex = { digest: '', name: '', cached: false, started: undefined, completed: undefined, error: '' };
  for (const { number, value } of readFields(bytes)) {
    if (number === 1) vertex.digest = asText(value);
    else if (number === 3) vertex.name = asText(value);
    else if (number === 4) vertex.cached = value.wireType === 'varint' && value.value === 1;
    else if (number === 5) vertex.started = asDate(value);
    else if (number === 6) vertex.completed = asDate(value);
    else if (number === 7) vertex.error = asText(value);
  }
  return vertex;
}

function decodeLog(bytes: Uint8Array): VertexLog {
  const log: VertexLog = { vertex: '', timestamp: new Date(0), stream: 'stdout', text: '' };
  for (const { number, value } of readFields(bytes)) {
    if (number === 1) log.vertex = asText(value);
    else if (number === 2) log.timestamp = asDate(value) ?? log.timestamp;
    else if (number === 3) log.stream = value.wireType === 'varint' && value.value === 2 ? 'stderr' : 'stdout';
    else if (number === 4) log.text = asText(value);
  }
  return log;
}
