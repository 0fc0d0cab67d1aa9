// The figures beside the load tests: binary cold start, `serve` readiness, schema build and
// cache memory (in a fresh process), and metadata apply time on the seeded company table.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Db } from '../src/core/db.ts';
import { applyModel } from '../src/metadata/apply.ts';
import type { FieldType } from '../src/metadata/model.ts';
import type { FieldSpec } from '../src/metadata/spec.ts';
import { startTwenty } from './peers/twenty.ts';
import { median } from './report.ts';
import type { SchemaFigures } from './schema-figures.ts';
import { NODE22, REPO, runTwenty } from './setup.ts';

export interface ColdStart {
  versionMs: number;
  serveReadyMs: number;
}

export interface MetadataApply {
  fields: number;
  tableRows: number;
  ms: number;
}

export interface Extras {
  coldStart: ColdStart;
  schema: SchemaFigures;
  metadataApply: MetadataApply;
}

/** Median of 5 `--version` runs and of 3 `serve` starts until /healthz answers. */
export async function coldStart(env: NodeJS.ProcessEnv, home: string, pgUrl: string, logDir: string): Promise<ColdStart> {
  const version: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await runTwenty(['--version'], env);
    if (r.code !== 0) throw new Error(`twenty --version failed: ${r.stderr}`);
    version.push(r.ms);
  }
  const serve: number[] = [];
  for (let i = 0; i < 3; i++) {
    const peer = await startTwenty(home, { pgUrl, poolSize: 10, logDir, tag: 'coldstart' });
    serve.push(peer.readyMs);
    await peer.stop();
  }
  return { versionMs: median(version), serveReadyMs: median(serve) };
}

export function schemaFigures(workspaces: number): Promise<SchemaFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE22, ['--expose-gc', '--disable-warning=ExperimentalWarning', join(REPO, 'bench/schema-figures.ts'), String(workspaces)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as SchemaFigures) : reject(new Error(`schema figures failed (${code}): ${err}`))));
  });
}

const FIELD_MIX: FieldType[] = ['TEXT', 'NUMBER', 'BOOLEAN', 'DATE_TIME', 'CURRENCY', 'LINKS', 'EMAILS', 'SELECT', 'FULL_NAME', 'RATING'];

function benchField(i: number): FieldSpec {
  const type = FIELD_MIX[i % FIELD_MIX.length];
  const field: FieldSpec = { name: `benchField${i}`, type };
  if (type === 'SELECT') field.options = [{ value: 'LOW' }, { value: 'HIGH' }];
  if (type === 'BOOLEAN') Object.assign(field, { nullable: false, default: false });
  return field;
}

/** Adds `fields` fields of mixed types to company in one apply, as `metadata apply` does. */
export async function metadataApply(db: Db, workspaceId: string, tableRows: number, fields = 100): Promise<MetadataApply> {
  const spec = { objects: [{ nameSingular: 'company', extend: true, fields: Array.from({ length: fields }, (_, i) => benchField(i)), indexes: [] }], roles: [], removed: [] };
  const started = performance.now();
  const result = await applyModel(db, workspaceId, spec);
  if (!result.applied) throw new Error('the metadata apply changed nothing');
  return { fields, tableRows, ms: performance.now() - started };
}
