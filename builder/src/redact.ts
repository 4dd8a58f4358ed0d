/** Masks every occurrence of each secret; what a build prints passes through here before anyone sees it. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((secret) => secret !== '').reduce((out, secret) => out.split(secret).join('***'), text);
}
