import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { Resolver } from 'node:dns/promises';

// A DNS server on loopback that answers TXT queries from a table, standing in for the world's
// DNS when a test proves a domain's ownership. Everything else gets NXDOMAIN.

export interface FakeDns {
  txt: Map<string, string>;
  /** A node:dns resolver that asks only this server. */
  resolver: Resolver;
  close(): void;
}

export async function startFakeDns(): Promise<FakeDns> {
  const txt = new Map<string, string>();
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => socket.send(answer(query, txt), peer.port, peer.address));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const resolver = new Resolver({ timeout: 1_000, tries: 1 });
  resolver.setServers([`127.0.0.1:${socket.address().port}`]);
  return { txt, resolver, close: () => socket.close() };
}

function answer(query: Buffer, txt: Map<string, string>): Buffer {
  const labels: string[] = [];
  let at = 12;
  while (query[at]! > 0) {
    labels.push(query.subarray(at + 1, at + 1 + query[at]!).toString('ascii'));
    at += 1 + query[at]!;
  }
  const question = query.subarray(12, at + 5);
  const value = query.readUInt16BE(at + 1) === 16 ? txt.get(labels.join('.').toLowerCase()) : undefined;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(value === undefined ? 0x8183 : 0x8180, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(value === undefined ? 0 : 1, 6);
  if (value === undefined) return Buffer.concat([header, question]);
  const text = Buffer.from(value, 'utf8');
  const record = Buffer.alloc(12);
  record.writeUInt16BE(0xc00c, 0);
  record.writeUInt16BE(16, 2);
  record.writeUInt16BE(1, 4);
  record.writeUInt32BE(60, 6);
  record.writeUInt16BE(text.length + 1, 10);
  return Buffer.concat([header, question, record, Buffer.from([text.length]), text]);
}
