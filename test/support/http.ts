import { request } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// Node's resolver does not map *.localhost to loopback and fetch() will not send a Host
// header of our choosing, so requests go to 127.0.0.1 with the host set by hand.
export function get(port: number, host: string, path = '/', timeoutMs = 5_000): Promise<Reply> {
  return send(port, host, 'GET', path, {}, timeoutMs);
}

/** A request with a method, headers and a JSON body, sent as `get` sends one. */
export function send(port: number, host: string, method: string, path: string, options: { headers?: Record<string, string>; json?: unknown }, timeoutMs = 5_000): Promise<Reply> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers = { host, ...options.headers, ...(body !== undefined && { 'content-type': 'application/json' }) };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${host}${path} in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Retries `check` until it returns without throwing, or rethrows its last error at the deadline. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
