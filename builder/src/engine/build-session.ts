import { randomUUID } from 'node:crypto';
import http2 from 'node:http2';
import type { Socket } from 'node:net';
import type Docker from 'dockerode';
import { answerCall, frameMessage, type GrpcAnswer, SESSION_METHODS } from './session-grpc.js';

// BuildKit reads a build's secrets from the client, through a session: the client opens
// POST /session, the engine switches the connection to HTTP/2, and the client serves gRPC on it
// (the client is the HTTP/2 server). A build joins it by naming the session's id.

export interface BuildSession {
  id: string;
  close(): void;
}

/** Opens a session that offers `secrets` (id → value) to the builds that name it. */
export async function openBuildSession(docker: Docker, secrets: ReadonlyMap<string, string>): Promise<BuildSession> {
  const id = randomUUID();
  const socket = await dialSession(docker, id);
  const server = http2.createServer();
  // The engine drops the connection when the build ends; a call cut short has no one to tell.
  server.on('sessionError', () => {});
  server.on('stream', (stream, headers) => serveCall(stream, String(headers[':path']), secrets));
  server.emit('connection', socket);
  return { id, close: () => socket.destroy() };
}

function dialSession(docker: Docker, id: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/session',
        method: 'POST',
        hijack: true,
        // An empty body sent with Content-Length: 0 (not chunked), so nothing of the request
        // follows it onto the connection once it speaks HTTP/2.
        file: Buffer.alloc(0),
        headers: {
          Upgrade: 'h2c',
          'X-Docker-Expose-Session-Uuid': id,
          'X-Docker-Expose-Session-Name': 'aether',
          'X-Docker-Expose-Session-Grpc-Method': [...SESSION_METHODS],
        },
        // Any answer but the switch of protocols is an error.
        statusCodes: {},
      },
      (error, socket) => (error ? reject(error) : resolve(socket as Socket)),
    );
  });
}

function serveCall(stream: http2.ServerHttp2Stream, method: string, secrets: ReadonlyMap<string, string>): void {
  stream.on('error', () => {});
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => reply(stream, answerCall(method, Buffer.concat(chunks), secrets)));
}

function reply(stream: http2.ServerHttp2Stream, answer: GrpcAnswer): void {
  if (stream.destroyed) return;
  const headers = { ':status': 200, 'content-type': 'application/grpc' };
  if (answer.status === 'error') {
    // gRPC's "trailers only" answer: the status in the one HEADERS frame that ends the call.
    stream.respond({ ...headers, 'grpc-status': String(answer.code), 'grpc-message': encodeURIComponent(answer.message) }, { endStream: true });
    return;
  }
  stream.respond(headers, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(frameMessage(answer.message));
}
