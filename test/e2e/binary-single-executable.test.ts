// The single binary: built by `scripts/build.ts` (the same code `npm run build` runs), copied
// alone into a temporary directory and run with a PATH that has no node, so every command
// works from the binary's own bundle and assets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, TEST_REDIS_URL } from '../helpers/services.ts';
import { cliEnv, runCli, startProcess, tempHome } from '../helpers/cli.ts';
import { createTestRedis } from '../helpers/test-redis.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const node = join(root, 'node_modules', '.bin', 'node');

function buildBinary(): { bin: string; dir: string; ms: number } {
  const out = tempHome('twenty-build-');
  const started = Date.now();
  execFileSync(node, [join(root, 'scripts', 'build.ts'), '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Date.now() - started;
  // Alone in a directory of its own: nothing next to it to lean on.
  const dir = tempHome('twenty-bin-');
  mkdirSync(join(dir, 'bin'));
  const bin = join(dir, 'bin', 'twenty');
  copyFileSync(join(out, 'twenty'), bin);
  execFileSync('chmod', ['755', bin]);
  return { bin, dir, ms };
}

const { bin, dir, ms: buildMs } = buildBinary();
const VERSION = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
/** No node, no node_modules: only the binary's own directory on PATH, run from elsewhere. */
const bareEnv = (extra: Record<string, string | undefined> = {}) => cliEnv({ PATH: join(dir, 'bin'), NODE_PATH: undefined, NODE_OPTIONS: undefined, ...extra });

test('the build writes one self-contained executable', (t) => {
  t.diagnostic(`build took ${buildMs} ms`);
  assert.deepEqual(readdirSync(join(dir, 'bin')), ['twenty']);
  assert.throws(() => execFileSync('node', ['--version'], { env: bareEnv(), stdio: 'ignore' }), 'node is not on the PATH of the binary tests');
});

test('--version prints the version, nothing on stderr, and starts fast', async (t) => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = process.hrtime.bigint();
    const r = await runCli(['--version'], bareEnv(), 10_000, bin);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), VERSION);
    assert.equal(r.stderr, '', 'no warning of any kind');
  }
  times.sort((a, b) => a - b);
  t.diagnostic(`--version start-up: median ${times[2].toFixed(0)} ms, min ${times[0].toFixed(0)} ms (target < 100 ms)`);
});

test('no source file uses child_process.fork (it would re-run the binary)', () => {
  const offenders = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => /\bfork\s*\(|\bfork\b[^;]*from ['"]node:child_process['"]/.test(readFileSync(join(root, 'src', f), 'utf8')));
  assert.deepEqual(offenders, []);
});

test('init, workspace create, metadata apply, serve and worker all run from the binary', async () => {
  const { url } = await createTestDatabase();
  const home = tempHome();
  // The worker's queues live under a prefix whose keys are deleted after the file.
  const env = bareEnv({ TWENTY_HOME: home, QUEUE_PREFIX: createTestRedis().prefix });
  const init = await runCli(['init', '--yes', '--json', '--pg-url', url, '--redis-url', TEST_REDIS_URL, '--workspace', 'Acme'], env, 60_000, bin);
  assert.equal(init.code, 0, init.stderr + init.stdout);
  const token = init.json?.data?.apiKey.token as string;

  const created = await runCli(['workspace', 'create', 'Zoo', '--json'], env, 60_000, bin);
  assert.equal(created.code, 0, created.stderr + created.stdout);
  const applied = await runCli(['metadata', 'apply', join(root, 'templates', 'example'), '--workspace', 'Zoo', '--json'], env, 60_000, bin);
  assert.equal(applied.code, 0, applied.stderr + applied.stdout);
  assert.ok((applied.json?.data?.workspaces[0].changes as number) > 0);

  const server = await startProcess(['serve', '--port', '0'], env, /listening on (http:\/\/\S+)/, 20_000, bin);
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  const companies = await fetch(`${server.url}/rest/companies`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(companies.status, 200);
  assert.deepEqual((await companies.json() as { data: unknown }).data, { companies: [] });
  assert.equal(await server.stop(), 0);

  const worker = await startProcess(['worker'], env, /worker started/, 20_000, bin);
  assert.equal(await worker.stop('SIGTERM'), 0, 'SIGTERM is a clean exit');
});
