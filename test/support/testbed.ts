import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

// The names and addresses scripts/testbed.sh provides; the platform's own configuration is
// built from these exactly as it would be from a production environment.
export const testbedEnv: Record<string, string> = parseEnv(
  readFileSync(new URL('../../scripts/testbed.env', import.meta.url), 'utf8'),
) as Record<string, string>;

export function testbedVar(name: string): string {
  const value = testbedEnv[name];
  if (value === undefined) throw new Error(`scripts/testbed.env does not set ${name}`);
  return value;
}
