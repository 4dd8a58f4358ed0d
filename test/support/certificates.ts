import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  /** The CA's certificate, PEM: what the stack is told to trust. */
  caFile: string;
  /** A key and a certificate for this IP address, signed by the CA. */
  serverCertificate(ip: string): { key: string; cert: string };
}

/** A CA of the test's own, made with openssl, as a company's private CA would be. */
export function makeTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'aether-ca-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Aether test CA', '-keyout', path('ca.key'), '-out', path('ca.pem'),
    '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  return {
    caFile: path('ca.pem'),
    serverCertificate(ip) {
      writeFileSync(path('san.ext'), `subjectAltName=IP:${ip}\nextendedKeyUsage=serverAuth\n`);
      openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${ip}`, '-keyout', path('server.key'), '-out', path('server.csr'));
      openssl('x509', '-req', '-days', '1', '-in', path('server.csr'), '-CA', path('ca.pem'), '-CAkey', path('ca.key'), '-CAcreateserial',
        '-extfile', path('san.ext'), '-out', path('server.pem'));
      return { key: readFileSync(path('server.key'), 'utf8'), cert: readFileSync(path('server.pem'), 'utf8') };
    },
  };
}
