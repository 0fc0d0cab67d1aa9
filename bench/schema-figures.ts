// Schema figures, run in a fresh process so its memory is not the harness's:
// GraphQL schema build time for a 12-object and a 100-object model, and the memory of N
// workspaces' schemas cached side by side (distinct models: one field name differs).
// Usage: node --expose-gc schema-figures.ts <workspaces>; prints one JSON object.
import { buildWorkspaceSchema } from '../src/api/graphql/schema.ts';
import { createSchemaCache } from '../src/api/graphql/cache.ts';
import { resolveDesiredModel } from '../src/metadata/resolve.ts';
import { standardModelSpec } from '../src/metadata/workspaces.ts';
import type { WorkspaceModel } from '../src/metadata/model.ts';
import type { FieldSpec, ObjectSpec } from '../src/metadata/spec.ts';
import { median } from './report.ts';

export interface SchemaFigures {
  build12Ms: number;
  build100Ms: number;
  objects12: number;
  objects100: number;
  workspaces: number;
  cachedRssMb: number;
  cachedHeapMb: number;
  buildAllMs: number;
}

function customObject(index: number, variant: string): ObjectSpec {
  const fields: FieldSpec[] = [
    { name: 'amount', type: 'CURRENCY' },
    { name: 'score', type: 'NUMBER' },
    { name: 'active', type: 'BOOLEAN' },
    { name: 'dueAt', type: 'DATE_TIME' },
    { name: 'contact', type: 'EMAILS' },
    { name: 'tier', type: 'SELECT', options: [{ value: 'A' }, { value: 'B' }, { value: 'C' }] },
    { name: 'website', type: 'LINKS' },
    { name: 'notes', type: 'TEXT' },
    { name: variant, type: 'TEXT' },
    { name: 'company', type: 'RELATION', relation: { type: 'MANY_TO_ONE', target: 'company', onDelete: 'SET_NULL', inverse: { name: `thing${index}s` } } },
  ];
  return { nameSingular: `thing${index}`, namePlural: `thing${index}s`, extend: false, fields, indexes: [] };
}

/** The standard objects plus `custom` generated objects. */
function model(custom: number, variant = 'variant'): WorkspaceModel {
  const empty: WorkspaceModel = { workspaceId: '00000000-0000-4000-8000-000000000000', schema: 'workspace_bench', version: 0, objects: [] };
  const standard = resolveDesiredModel(empty, standardModelSpec(), { standard: true }).model;
  const objects = Array.from({ length: custom }, (_, i) => customObject(i, variant));
  const { model: resolved, issues } = resolveDesiredModel(standard, { objects, roles: [], removed: [] });
  if (issues.length > 0) throw new Error(`generated model is invalid: ${issues[0].message}`);
  return resolved;
}

function timeBuild(m: WorkspaceModel): number {
  const started = performance.now();
  buildWorkspaceSchema(m);
  return performance.now() - started;
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function figures(workspaces: number): SchemaFigures {
  const m12 = model(1);
  const m100 = model(100 - m12.objects.length + 1);
  // First builds include JIT warm-up; the median of five is what a server pays per new model.
  const build12Ms = median(Array.from({ length: 5 }, () => timeBuild(m12)));
  const build100Ms = median(Array.from({ length: 5 }, () => timeBuild(m100)));

  const cache = createSchemaCache({ max: workspaces });
  const models: WorkspaceModel[] = [];
  collect();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const started = performance.now();
  for (let i = 0; i < workspaces; i++) {
    const m = structuredClone(m12);
    const variant = m.objects.find((o) => o.nameSingular === 'thing0')?.fields.find((f) => f.name === 'variant');
    if (variant) variant.name = `variant${i}`;
    models.push(m);
    cache.get(m);
  }
  const buildAllMs = performance.now() - started;
  collect();
  if (cache.stats().size !== workspaces) throw new Error(`expected ${workspaces} distinct cached schemas, got ${cache.stats().size}`);
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return {
    build12Ms,
    build100Ms,
    objects12: m12.objects.length,
    objects100: m100.objects.length,
    workspaces,
    cachedRssMb: mb(process.memoryUsage().rss - rss0),
    cachedHeapMb: mb(process.memoryUsage().heapUsed - heap0),
    buildAllMs,
  };
}

process.stdout.write(`${JSON.stringify(figures(Number(process.argv[2] ?? 1000)))}\n`);
