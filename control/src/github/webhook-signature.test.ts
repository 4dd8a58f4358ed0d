import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSignatureHeader, signature, signatureChecks, signatureMatches } from './webhook-signature.js';

const body = Buffer.from('{"ref":"refs/heads/main"}');
// The example from GitHub's documentation on validating deliveries.
const documented = { secret: "It's a Secret to Everybody", body: Buffer.from('Hello, World!'), header: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' };

describe('webhook signatures', () => {
  it("matches GitHub's documented example", () => {
    expect(signatureMatches(documented.secret, documented.body, documented.header)).toBe(true);
  });

  it('matches the HMAC-SHA256 of the raw body with the secret', () => {
    const header = `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`;
    expect(signatureMatches('secret', body, header)).toBe(true);
  });

  it('refuses another secret, another body, and a malformed or missing header', () => {
    const header = `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`;
    expect(signatureMatches('other', body, header)).toBe(false);
    expect(signatureMatches('secret', Buffer.from(`${body.toString()} `), header)).toBe(false);
    expect(signatureMatches('secret', body, header.toUpperCase())).toBe(false);
    expect(signatureMatches('secret', body, header.replace('sha256=', 'sha1='))).toBe(false);
    expect(signatureMatches('secret', body, undefined)).toBe(false);
    expect(isSignatureHeader('sha256=abc')).toBe(false);
  });

  it('refuses a signature right in all but one of its 64 digits, wherever that digit is', () => {
    const header = `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`;
    const flip = (at: number) => header.slice(0, at) + (header[at] === '0' ? '1' : '0') + header.slice(at + 1);
    const positions = ['sha256='.length, 'sha256='.length + 12, header.length - 1];
    expect(positions.map((at) => signatureMatches('secret', body, flip(at)))).toEqual([false, false, false]);
  });
});

describe('the secrets a delivery is checked against', () => {
  it('are those of the projects deploying its repository, each proving its own project', () => {
    const projects = [{ id: 'blog', secret: 'blog-secret' }, { id: 'docs', secret: 'docs-secret' }];
    const checks = signatureChecks(projects, (project) => project.secret);
    expect(checks.map(({ candidate, secret }) => [candidate?.id, secret])).toEqual([['blog', 'blog-secret'], ['docs', 'docs-secret']]);
    expect(checks.find((check) => signatureMatches(check.secret, body, signature('docs-secret', body)))?.candidate).toBe(projects[1]);
  });

  it('are one secret nobody holds for a repository nobody deploys here, so that its refusal takes as long as a wrong signature’s and proves nobody', () => {
    const checks = signatureChecks<{ secret: string }>([], (project) => project.secret);
    expect(checks).toHaveLength(1);
    expect(checks[0]!.candidate).toBeUndefined();
    expect(checks[0]!.secret).toMatch(/^[0-9a-f]{64}$/);
  });
});
