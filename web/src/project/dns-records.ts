import type { DomainReply } from '../../../control/src/api/replies.js';

// The DNS records a custom domain needs, written out exactly as the user types them at their DNS
// provider: the TXT record that proves they own the name, and the record that sends its traffic
// to the project's host.

export interface DnsRecord {
  type: string;
  name: string;
  value: string;
}

/**
 * A name of two labels (`example.com`) is taken for a zone apex, where DNS forbids a CNAME:
 * providers offer ALIAS (or ANAME, or CNAME flattening) there instead. Names under two-label
 * public suffixes (`example.co.uk`) are apexes the rule misses; their provider says so.
 */
function isApex(hostname: string): boolean {
  return hostname.split('.').length <= 2;
}

export function dnsRecords(domain: Pick<DomainReply, 'hostname' | 'challenge'>, projectHost: string): DnsRecord[] {
  return [
    { type: domain.challenge.type, name: domain.challenge.name, value: domain.challenge.value },
    { type: isApex(domain.hostname) ? 'ALIAS' : 'CNAME', name: domain.hostname, value: projectHost },
  ];
}
