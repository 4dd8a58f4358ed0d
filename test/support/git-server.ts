import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Serves over HTTPS on this address (one the containers reach) with this key and certificate. */
export interface GitServerTls {
  host: string;
  key: string;
  cert: string;
}

export interface GitServer {
  url(repository: string): string;
  /** The Authorization header of every request, as it came (undefined for none). */
  authorizations: Array<string | undefined>;
  close(): Promise<void>;
}

/**
 * Serves the bare repositories under `root` with git's own smart-HTTP CGI, as GitHub serves a
 * private repository: a request without `Authorization: Basic x-access-token:<token>` gets 401.
 * With a null token the repositories are public. With `tls`, it serves HTTPS, as GitHub does.
 */
export async function startGitServer(root: string, token: string | null, tls?: GitServerTls): Promise<GitServer> {
  const expected = token === null ? undefined : `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  const authorizations: Array<string | undefined> = [];
  const handle: RequestListener = (req, res) => {
    authorizations.push(req.headers.authorization);
    if (req.headers.authorization !== expected && expected !== undefined) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    serveWithBackend(root, req, res);
  };
  const server = tls === undefined ? createServer(handle) : createHttpsServer({ key: tls.key, cert: tls.cert }, handle);
  const host = tls?.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (repository) => `${tls === undefined ? 'http' : 'https'}://${host}:${port}/${repository}`,
    authorizations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function serveWithBackend(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const cgi = spawn('/usr/lib/git-core/git-http-backend', [], {
    env: {
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: url.pathname,
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      REMOTE_USER: 'x-access-token',
    },
  });
  req.pipe(cgi.stdin);
  let head = Buffer.alloc(0);
  let headersSent = false;
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    const headers = head.subarray(0, end).toString().split('\r\n').map((line) => line.split(/:\s*/, 2) as [string, string]);
    const status = Number.parseInt(headers.find(([name]) => name.toLowerCase() === 'status')?.[1] ?? '200', 10);
    res.writeHead(status, Object.fromEntries(headers.filter(([name]) => name.toLowerCase() !== 'status')));
    headersSent = true;
    res.write(head.subarray(end + 4));
  });
  cgi.stdout.on('end', () => res.end());
}
