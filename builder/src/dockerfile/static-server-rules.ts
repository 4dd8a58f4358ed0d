import { SettingsError } from '../../../contract/build-settings.js';
import { REPOSITORY_SETTINGS_FILE, type ServerRules } from '../../../contract/repository-settings.js';
import { copy, env, type GeneratedDockerfile, run, type Stage } from './instructions.js';

// aether.json's redirects and headers, for static output: static-web-server reads them from a
// config file only. The file is written by a stage of its own, the text passed as an argument to
// a fixed script, so it never sits in the build context where `COPY . /public` would publish it.

const CONFIG_STAGE = 'static-server-config';
const CONFIG_FILE = '/etc/static-web-server.toml';

/**
 * The generated Dockerfile with the rules added to its file server, which serves static output
 * (an output folder) from the last stage; refused for an app that runs a server of its own.
 */
export function withServerRules(generated: GeneratedDockerfile, rules: ServerRules, shellImage: string): GeneratedDockerfile {
  if (generated.commands.outputDir === null) refuseServerRules(rules, 'this app runs a server');
  if (rules.redirects.length === 0 && rules.headers.length === 0) return generated;
  const stages = generated.dockerfile.stages;
  const server = stages.at(-1)!;
  const configured: Stage = { ...server, instructions: [env({ SERVER_CONFIG_FILE: CONFIG_FILE }), copy([CONFIG_FILE], CONFIG_FILE, { from: CONFIG_STAGE }), ...server.instructions] };
  return { ...generated, dockerfile: { ...generated.dockerfile, stages: [...stages.slice(0, -1), configStage(shellImage, rules), configured] } };
}

/** Refuses rules that no file server of Aether's would follow, saying why. */
export function refuseServerRules(rules: ServerRules, why: string): void {
  const given = rules.redirects.length > 0 ? 'redirects' : rules.headers.length > 0 ? 'headers' : null;
  if (given !== null) throw new SettingsError(`${REPOSITORY_SETTINGS_FILE}: ${given} does not apply: it applies to static output only, and ${why}`);
}

function configStage(image: string, rules: ServerRules): Stage {
  // "$1" and "$2" are sh's positional arguments: the text and the path are never part of the script.
  return { from: image, name: CONFIG_STAGE, instructions: [run(['sh', '-c', 'printf "%s" "$1" > "$2"', 'sh', serverConfig(rules), CONFIG_FILE])] };
}

/** static-web-server's TOML for the rules, in their order, since the first matching redirect wins. */
export function serverConfig(rules: ServerRules): string {
  const redirects = rules.redirects.map((r) =>
    ['[[advanced.redirects]]', `source = ${quoted(r.source)}`, `destination = ${quoted(r.destination)}`, `kind = ${r.permanent === false ? 302 : 301}`].join('\n'),
  );
  const headers = rules.headers.map((h) =>
    ['[[advanced.headers]]', `source = ${quoted(h.source)}`, '[advanced.headers.headers]', ...Object.entries(h.headers).map(([name, value]) => `${quoted(name)} = ${quoted(value)}`)].join('\n'),
  );
  return `${[...redirects, ...headers].join('\n\n')}\n`;
}

// A TOML basic string: JSON's escapes of printable ASCII (\" and \\) are TOML's too.
function quoted(text: string): string {
  return JSON.stringify(text);
}
