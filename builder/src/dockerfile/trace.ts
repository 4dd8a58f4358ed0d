import { run, type Instruction } from './instructions.js';

// A bundle's dependencies, found by reading what it requires: @vercel/nft, the tracer that makes
// Next.js's standalone output, pinned so a rebuild ships the same files. It is installed in a
// folder of its own, apart from the project's dependencies, and never reaches the image.
const NFT = '@vercel/nft@1.11.16';
const TOOL = '/opt/aether-trace';

/** Where the build stage leaves the traced files, at their paths under /app. */
export const TRACED = '/aether-traced';

// Files outside /app are not traced (nft's `base`). A link is copied as a link: a workspace
// package's link in node_modules points at the package's folder, whose files are traced as well.
// A package's `module-sync` export is traced beside its fallback: Node.js 20.19 and later load it,
// where nft assumes only 22 and later do.
const SCRIPT = `
const fs = require('node:fs');
const path = require('node:path');
const { nodeFileTrace } = require('${TOOL}/node_modules/@vercel/nft');
const entry = process.argv[1];
if (!fs.existsSync(entry)) {
  console.error(\`The build wrote no \${entry} in \${process.cwd()}, the server Aether starts. startCommand (aether.json or the project's settings) names another.\`);
  process.exit(1);
}
nodeFileTrace([entry], { base: '/app', conditions: ['node', 'module-sync'], moduleSyncCatchall: true }).then(({ fileList, warnings }) => {
  let bytes = 0;
  for (const file of fileList) {
    const from = path.join('/app', file);
    const to = path.join('${TRACED}', file);
    const stat = fs.lstatSync(from);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else if (stat.isFile()) fs.copyFileSync(from, to);
    bytes += stat.size;
  }
  for (const warning of warnings) console.log(\`trace: \${warning.message}\`);
  console.log(\`\${entry} requires \${fileList.size} files (\${(bytes / 1e6).toFixed(1)} MB), shipped with it\`);
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** The build stage's last steps: what `entry` (relative to the working directory) requires, copied to TRACED. */
export function traceSteps(entry: string): Instruction[] {
  return [run(['npm', 'install', '--prefix', TOOL, NFT], ['/root/.npm']), run(['node', '-e', SCRIPT.trim(), entry])];
}
