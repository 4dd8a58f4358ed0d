import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

// The least of RFC 6455 a test needs, on Node 20, which has no WebSocket client of its own: one
// short text frame each way.

/** A text frame of under 126 bytes, masked as a client must send it. */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload.map((byte, i) => byte ^ mask[i % 4]!)]);
}

/**
 * Opens a WebSocket to `path` on `host` through 127.0.0.1:`port`, sends `text`, and resolves with
 * the text of the first frame that comes back; rejects with the answer's head if it is not 101.
 */
export function webSocketRoundTrip(port: number, host: string, path: string, text: string, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no WebSocket answer from ${host}${path} in ${timeoutMs} ms`)));
    socket.on('error', fail);
    const key = randomBytes(16).toString('base64');
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    let received = Buffer.alloc(0);
    let upgraded = false;
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = received.subarray(0, end).toString();
        if (!head.startsWith('HTTP/1.1 101')) return fail(new Error(`no upgrade: ${head}`));
        upgraded = true;
        received = received.subarray(end + 4);
        socket.write(clientFrame(text));
      }
      const length = (received[1] ?? 0) & 0x7f;
      if (received.length < 2 + length) return;
      socket.destroy();
      resolve(received.subarray(2, 2 + length).toString());
    });
  });
}
