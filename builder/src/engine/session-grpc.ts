import { asText, bytesField, readFields, varintField } from './protobuf.js';

// What a build session answers BuildKit, as data: the calls it serves, gRPC's framing of a
// message, and each call's answer. build-session.ts carries them over the engine's connection.

export const GET_SECRET = '/moby.buildkit.secrets.v1.Secrets/GetSecret';
/** BuildKit checks a session's health every few seconds and drops one that does not answer. */
export const HEALTH_CHECK = '/grpc.health.v1.Health/Check';
export const SESSION_METHODS: readonly string[] = [GET_SECRET, HEALTH_CHECK];

export type GrpcAnswer = { status: 'ok'; message: Uint8Array } | { status: 'error'; code: GrpcErrorCode; message: string };

export const GrpcErrorCode = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, UNIMPLEMENTED: 12 } as const;
export type GrpcErrorCode = (typeof GrpcErrorCode)[keyof typeof GrpcErrorCode];

/** grpc.health.v1.HealthCheckResponse { status: SERVING } */
const SERVING = varintField(1, 1);

const utf8 = new TextEncoder();

/** A gRPC message on the wire: not compressed, its length as 4 bytes big-endian, the message. */
export function frameMessage(message: Uint8Array): Uint8Array {
  const framed = new Uint8Array(5 + message.length);
  new DataView(framed.buffer).setUint32(1, message.length);
  framed.set(message, 5);
  return framed;
}

/** The one message of a unary call, or null when the body is not exactly one uncompressed message. */
export function unframeMessage(body: Uint8Array): Uint8Array | null {
  if (body.length < 5 || body[0] !== 0) return null;
  const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(1);
  return body.length === 5 + length ? body.subarray(5) : null;
}

/**
 * The answer to one call: a build variable by its name for GetSecret, NOT_FOUND (which BuildKit
 * reads as "no such secret") for any other id, SERVING for the health check.
 */
export function answerCall(method: string, body: Uint8Array, secrets: ReadonlyMap<string, string>): GrpcAnswer {
  if (method === HEALTH_CHECK) return { status: 'ok', message: SERVING };
  if (method !== GET_SECRET) return { status: 'error', code: GrpcErrorCode.UNIMPLEMENTED, message: `${method} is not served` };
  const id = secretId(body);
  if (id === null) return { status: 'error', code: GrpcErrorCode.INVALID_ARGUMENT, message: 'malformed GetSecret request' };
  const value = secrets.get(id);
  if (value === undefined) return { status: 'error', code: GrpcErrorCode.NOT_FOUND, message: `no build variable ${id}` };
  return { status: 'ok', message: bytesField(1, utf8.encode(value)) };
}

/** GetSecretRequest's ID (field 1); its annotations (field 2) choose nothing here. */
function secretId(body: Uint8Array): string | null {
  const message = unframeMessage(body);
  if (message === null) return null;
  try {
    let id = '';
    for (const field of readFields(message)) if (field.number === 1) id = asText(field.value);
    return id;
  } catch {
    return null;
  }
}
