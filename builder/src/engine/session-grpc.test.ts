import { describe, expect, it } from 'vitest';
import { bytesField } from './protobuf.js';
import { answerCall, frameMessage, GET_SECRET, GrpcErrorCode, HEALTH_CHECK, unframeMessage } from './session-grpc.js';

const utf8 = new TextEncoder();
const secrets = new Map([['NPM_TOKEN', 'npm_s3cret']]);

/** GetSecretRequest as BuildKit sends it: ID (1) and an annotations map entry (2). */
function getSecret(id: string): Uint8Array {
  const annotation = Uint8Array.from([...bytesField(1, utf8.encode('k')), ...bytesField(2, utf8.encode('v'))]);
  return frameMessage(Uint8Array.from([...bytesField(1, utf8.encode(id)), ...bytesField(2, annotation)]));
}

describe('gRPC framing', () => {
  it('prefixes a message with an uncompressed flag and its big-endian length', () => {
    expect([...frameMessage(Uint8Array.from([8, 1]))]).toEqual([0, 0, 0, 0, 2, 8, 1]);
    expect([...frameMessage(new Uint8Array(300)).subarray(0, 5)]).toEqual([0, 0, 0, 1, 44]);
  });

  it('reads back exactly one uncompressed message, and nothing else', () => {
    expect([...unframeMessage(Uint8Array.from([0, 0, 0, 0, 2, 8, 1]))!]).toEqual([8, 1]);
    expect(unframeMessage(Uint8Array.from([1, 0, 0, 0, 2, 8, 1]))).toBeNull();
    expect(unframeMessage(Uint8Array.from([0, 0, 0, 0, 3, 8, 1]))).toBeNull();
    expect(unframeMessage(Uint8Array.from([0, 0, 0]))).toBeNull();
    expect([...unframeMessage(Uint8Array.from([0, 0, 0, 0, 0]))!]).toEqual([]);
  });
});

describe('a build session', () => {
  it('answers GetSecret with the build variable of that name', () => {
    expect(answerCall(GET_SECRET, getSecret('NPM_TOKEN'), secrets)).toEqual({ status: 'ok', message: bytesField(1, utf8.encode('npm_s3cret')) });
  });

  it('answers NOT_FOUND for an id that is no build variable, which BuildKit reads as an absent secret', () => {
    expect(answerCall(GET_SECRET, getSecret('npm_token'), secrets)).toEqual({ status: 'error', code: GrpcErrorCode.NOT_FOUND, message: 'no build variable npm_token' });
  });

  it('reads a request without an ID as asking for the empty name, never for another', () => {
    const withEmptyName = new Map([...secrets, ['', 'empty']]);
    expect(answerCall(GET_SECRET, frameMessage(new Uint8Array()), secrets)).toMatchObject({ code: GrpcErrorCode.NOT_FOUND });
    expect(answerCall(GET_SECRET, frameMessage(new Uint8Array()), withEmptyName)).toEqual({ status: 'ok', message: bytesField(1, utf8.encode('empty')) });
  });

  it('refuses a malformed request and serves no other method', () => {
    expect(answerCall(GET_SECRET, Uint8Array.from([0, 0, 0, 0, 2, 0x0a, 9]), secrets)).toEqual({
      status: 'error',
      code: GrpcErrorCode.INVALID_ARGUMENT,
      message: 'malformed GetSecret request',
    });
    expect(answerCall('/moby.filesync.v1.FileSync/DiffCopy', getSecret('NPM_TOKEN'), secrets)).toEqual({
      status: 'error',
      code: GrpcErrorCode.UNIMPLEMENTED,
      message: '/moby.filesync.v1.FileSync/DiffCopy is not served',
    });
  });

  it('reports itself SERVING to the health check', () => {
    expect(answerCall(HEALTH_CHECK, frameMessage(new Uint8Array()), secrets)).toEqual({ status: 'ok', message: Uint8Array.from([8, 1]) });
  });
});
