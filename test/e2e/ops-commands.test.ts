// Operator commands through the real CLI: upgrade, backup/restore, status, logs, service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, TEST_REDIS_URL, uniqueName } from '../helpers/services.ts';
import { cliEnv, runCli, startProcess, tempHome } from '../helpers/cli.ts';
import { freePort } from '../../src/core/provision/free-port.ts';
import { one, query, rows } from '../../src/core/db.ts';
import { ident, sql } from '../../src/core/sql.ts';

const source = await createTestDatabase();
const workspaceTarget = await createTestDatabase();
const instanceTarget = await createTestDatabase();
const home = tempHome();
const port = await freePort();
// Its own queue prefix: worker heartbeats of other test files must not count here.
const env = cliEnv({ TWENTY_HOME: home, NODE_PORT: String(port), QUEUE_PREFIX: uniqueName('twq') });
const init = await runCli(['init', '--yes', '--json', '--pg-url', source.url, '--redis-url', TEST_REDIS_URL, '--workspace', 'Acme'], env);
assert.equal(init.code, 0, init.stderr + init.stdout);
const schema = init.json?.data?.workspace.schemaName as string;
const workspaceId = init.json?.data?.workspace.id as string;

async function hasColumn(db = source.db, column = 'employees'): Promise<boolean> {
  return Boolean(await one(db, sql`SELECT 1 FROM information_schema.columns WHERE table_schema = ${schema} AND table_name = 'company' AND column_name = ${column}`));
}

test('upgrade brings back a standard field an older version lacked, and a second run changes nothing', async () => {
  // What an older twenty would have left: no company.employees, in metadata or in the table.
  await query(source.db, sql`DELETE FROM core."fieldMetadata" f USING core."objectMetadata" o WHERE f."objectMetadataId" = o."id" AND o."workspaceId" = ${workspaceId} AND o."nameSingular" = 'company' AND f."name" = 'employees'`);
  await query(source.db, sql`ALTER TABLE ${ident(schema, 'company')} DROP COLUMN "employees"`);
  await query(source.db, sql`UPDATE core.workspace SET "metadataVersion" = "metadataVersion" + 1 WHERE "id" = ${workspaceId}`);

  const dry = await runCli(['upgrade', '--dry-run', '--json'], env);
  assert.equal(dry.code, 0, dry.stderr + dry.stdout);
  assert.equal(dry.json?.data?.workspaces[0].state, 'pending');
  assert.equal(await hasColumn(), false, 'a dry run changes nothing');

  const first = await runCli(['upgrade', '--json'], env);
  assert.equal(first.code, 0, first.stderr + first.stdout);
  assert.deepEqual(first.json?.data?.migrations, { applied: [] });
  assert.equal(first.json?.data?.workspaces[0].state, 'upgraded');
  assert.ok(first.json?.data?.workspaces[0].changes >= 1);
  assert.equal(await hasColumn(), true);

  const second = await runCli(['upgrade', '--json'], env);
  assert.equal(second.code, 0);
  assert.equal(second.json?.data?.changed, false);
  assert.deepEqual(second.json?.data?.workspaces.map((w: { state: string }) => w.state), ['up-to-date']);
  const human = await runCli(['upgrade'], env);
  assert.match(human.stdout, /Core schema: up to date\nWorkspaces: 1 checked, 0 upgraded, 1 up to date, 0 failed/);
});

test('a workspace backup restored into another database has the same records', async () => {
  await query(source.db, sql`INSERT INTO ${ident(schema, 'company')} ("name", "employees") VALUES ('Initech', 40), ('Hooli', 9000)`);
  const file = join(home, 'acme.dump');
  const made = await runCli(['backup', '--workspace', 'Acme', '-o', file, '--json'], env);
  assert.equal(made.code, 0, made.stderr + made.stdout);
  assert.equal(made.json?.data?.kind, 'workspace');
  const restored = await runCli(['restore', file, '--into-database', workspaceTarget.url, '--json'], env);
  assert.equal(restored.code, 0, restored.stderr + restored.stdout);
  assert.equal(restored.json?.data?.workspaceId, workspaceId);
  const companies = (db = source.db) => rows(db, sql`SELECT "id", "name", "employees", "createdAt" FROM ${ident(schema, 'company')} ORDER BY "name"`);
  assert.deepEqual(await companies(workspaceTarget.db), await companies());

  const again = await runCli(['restore', file, '--into-database', workspaceTarget.url, '--json'], env);
  assert.equal(again.code, 6);
  assert.equal(again.json?.error?.code, 'ALREADY_EXISTS');
});

test('an instance backup restores into an empty database', async () => {
  const made = await runCli(['backup', '--json'], env);
  assert.equal(made.code, 0, made.stderr + made.stdout);
  assert.ok(made.json?.data?.file.startsWith(join(home, 'backups')));
  const restored = await runCli(['restore', made.json?.data?.file, '--into-database', instanceTarget.url, '--json'], env);
  assert.equal(restored.code, 0, restored.stderr + restored.stdout);
  assert.equal(restored.json?.data?.kind, 'instance');
  const count = (db = source.db) => rows(db, sql`SELECT count(*) AS n FROM core.workspace`);
  assert.deepEqual(await count(instanceTarget.db), await count());
  assert.equal(await hasColumn(instanceTarget.db), true);
});

test('status reports the server and worker down, then up, with live workers, outbox backlog, queue depth and the workspace count', async () => {
  const down = await runCli(['status', '--json'], env);
  assert.equal(down.code, 1);
  assert.equal(down.json?.ok, false);
  assert.equal(down.json?.data?.server.up, false);
  assert.equal(down.json?.data?.worker.status, 'down');
  assert.equal(down.json?.data?.worker.liveWorkers, 0);
  assert.equal(down.json?.data?.services.postgres.reachable, true);
  assert.equal(down.json?.data?.services.redis.reachable, true);
  assert.equal(down.json?.data?.workspaces, 1);

  const server = await startProcess(['serve'], env, /listening on (http:\/\/\S+)/);
  const worker = await startProcess(['worker'], env, /worker started/);
  try {
    const up = await runCli(['status', '--json'], env);
    assert.equal(up.code, 0, up.stdout);
    assert.equal(up.json?.data?.server.up, true);
    assert.equal(up.json?.data?.worker.status, 'up');
    assert.equal(up.json?.data?.worker.liveWorkers, 1);
    assert.equal(typeof up.json?.data?.worker.undispatched, 'number');
    assert.equal(typeof up.json?.data?.queues.events.waiting, 'number');
    const human = await runCli(['status'], env);
    assert.match(human.stdout, /server\s+up/);
    assert.match(human.stdout, /worker\s+up\s+1 live/);
  } finally {
    await server.stop();
    await worker.stop();
  }
});

test('logs refuses services twenty does not manage, with the reason', async () => {
  const external = await runCli(['logs', 'postgres', '--json'], env);
  assert.equal(external.code, 4);
  assert.equal(external.json?.error?.code, 'NOT_FOUND');
  assert.match(external.json?.error?.message ?? '', /not managed by twenty/);
  const unknown = await runCli(['logs', 'mysql', '--json'], env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.json?.error?.message ?? '', /"mysql".*postgres, redis/);
});

test('service install --dry-run prints units that restart on failure; without it they are written', async () => {
  const args = ['service', 'install', '--user', 'twenty', '--bin', '/usr/local/bin/twenty'];
  const dry = await runCli([...args, '--dry-run', '--json'], env);
  assert.equal(dry.code, 0, dry.stderr + dry.stdout);
  const units = dry.json?.data?.units as { name: string; content: string }[];
  assert.deepEqual(units.map((u) => u.name), ['twenty-server.service', 'twenty-worker.service'], 'no managed-services unit for external services');
  for (const [unit, command] of [[units[0], 'serve'], [units[1], 'worker']] as const) {
    assert.match(unit.content, new RegExp(`^ExecStart=/usr/local/bin/twenty ${command}$`, 'm'));
    assert.match(unit.content, /^Restart=on-failure$/m);
    assert.match(unit.content, /^User=twenty$/m);
    assert.match(unit.content, new RegExp(`^Environment=TWENTY_HOME=${home}$`, 'm'));
    assert.match(unit.content, /^WantedBy=multi-user.target$/m);
  }
  const human = await runCli([...args, '--dry-run'], env);
  assert.match(human.stdout, /# \/etc\/systemd\/system\/twenty-server.service\n# Written by `twenty service install`/);

  const unitDir = join(home, 'units');
  const written = await runCli([...args, '--unit-dir', unitDir, '--json'], env);
  assert.equal(written.code, 0, written.stderr + written.stdout);
  assert.equal(readFileSync(join(unitDir, 'twenty-worker.service'), 'utf8'), units[1].content);
  assert.equal(existsSync(join(unitDir, 'twenty-services.service')), false);
});
