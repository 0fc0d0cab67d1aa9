// install.sh on this machine: packages are present (so apt is skipped), node_modules is current
// (so `npm ci` is skipped: it would wipe the shared tree), and a temporary prefix and home.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv, runCli, tempHome } from '../helpers/cli.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'install.sh');

interface ShResult { code: number | null; stdout: string; stderr: string }

function install(args: string[], env: NodeJS.ProcessEnv): Promise<ShResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A home the `postgres` user can reach (the managed cluster runs as postgres when we are root). */
function reachableHome(): string {
  const dir = tempHome('twenty-install-home-');
  chmodSync(dir, 0o755);
  return join(dir, 'home');
}

function preconditions(): string | undefined {
  const modules = spawnSync('sh', ['-c', '[ -x node_modules/.bin/node ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]'], { cwd: root });
  if (modules.status !== 0) return 'node_modules is not current: install.sh would run `npm ci` in the shared checkout';
  const pkgs = spawnSync('sh', ['-c', 'command -v redis-server && ls /usr/lib/postgresql/*/bin/initdb && command -v strip']);
  if (pkgs.status !== 0) return 'postgresql, redis-server or binutils is missing: install.sh would run apt-get';
  return undefined;
}

test('--help prints the usage and exits 0; an unknown option exits 2', async () => {
  const help = await install(['--help'], cliEnv());
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: \.\/install\.sh \[--prefix DIR\] \[--no-services\]/);
  const bad = await install(['--bogus'], cliEnv());
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option "--bogus"/);
});

test('a first run installs the binary and initialises; a second run changes nothing but the binary', { skip: preconditions() }, async () => {
  const prefix = tempHome('twenty-prefix-');
  const home = reachableHome();
  const env = cliEnv({ TWENTY_HOME: home });
  const bin = join(prefix, 'bin', 'twenty');
  try {
    const first = await install(['--prefix', prefix], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /required packages are present/);
    assert.match(first.stderr, /node_modules is up to date/);
    assert.match(first.stdout, /API key \(shown once\)/);
    assert.ok(statSync(bin).mode & 0o111, 'executable');
    const config = join(home, 'config.json');
    const before = sha256(config);
    assert.match(readFileSync(config, 'utf8'), /"MANAGED_POSTGRES": "true"/);

    const second = await install(['--prefix', prefix], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /already initialised/);
    assert.match(second.stderr, /Core schema: up to date/);
    assert.equal(sha256(config), before, 'config unchanged');
    assert.deepEqual((await runCli(['workspace', 'list', '--json'], env, 30_000, bin)).json?.data?.workspaces.length, 1);

    const logs = await runCli(['logs', 'postgres', '-n', '3', '--json'], env, 30_000, bin);
    assert.equal(logs.code, 0, logs.stderr);
    assert.ok(logs.json?.data?.logs[0].file.endsWith('postgres/postgres.log'));
  } finally {
    if (existsSync(bin)) await runCli(['services', 'stop'], env, 60_000, bin);
  }
});

test('--no-services installs only the binary', { skip: preconditions() }, async () => {
  const prefix = tempHome('twenty-prefix-');
  const home = reachableHome();
  const r = await install(['--prefix', prefix, '--no-services'], cliEnv({ TWENTY_HOME: home }));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /no services set up/);
  assert.match(r.stdout, /init --pg-url/);
  assert.ok(existsSync(join(prefix, 'bin', 'twenty')));
  assert.equal(existsSync(home), false, 'no home, no init');
});
