import { Refusal } from '../../../shared/refusal.js';

// A host name that is safe to put in a Traefik rule: lower-case RFC 1123 labels only, so a
// backtick or a space can never reach a `Host(...)` expression.
export type Hostname = string & { readonly __brand: 'Hostname' };

const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function parseHostname(input: string): Hostname {
  const host = input.trim().toLowerCase().replace(/\.$/, '');
  if (host.length === 0 || host.length > 253) {
    throw new InvalidHostnameError(input, 'must be 1 to 253 characters');
  }
  for (const part of host.split('.')) {
    if (!label.test(part)) {
      throw new InvalidHostnameError(
        input,
        'each dot-separated label must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen',
      );
    }
  }
  return host as Hostname;
}

/** Whether `host` is `domain` or a name under it. */
export function isAtOrUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

export class InvalidHostnameError extends Refusal {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(400, `invalid host name ${JSON.stringify(input)}: ${reason}`, 'hostname');
  }
}
