// `twenty workspace seed`: the demo data set or a JSON/YAML/CSV file of records, inserted
// through the create-mutation checks in one transaction (a bad record writes nothing).
import type { Command } from 'commander';
import { run, usageError, type CommandResult, type GlobalOptions } from './output.ts';

interface SeedFlags {
  workspace?: string;
  demo?: boolean;
  file?: string;
  object?: string;
  batchSize?: string;
}

/** A progress bar on an interactive stderr; nothing otherwise (CI logs stay clean). */
async function progressBar(options: GlobalOptions): Promise<{ update(done: number, total: number): void; stop(): void }> {
  if (options.quiet || options.json || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar({ stream: process.stderr, format: 'seeding [{bar}] {value}/{total} records', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

async function seedCommand(options: GlobalOptions, flags: SeedFlags): Promise<CommandResult> {
  if (!flags.workspace) throw usageError('Say which workspace to seed with --workspace <idOrName>.');
  if (Boolean(flags.demo) === Boolean(flags.file)) throw usageError('Pass exactly one of --demo or --file <path>.', 'e.g. twenty workspace seed --workspace Acme --demo');
  const batchSize = flags.batchSize === undefined ? undefined : Number(flags.batchSize);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) throw usageError(`--batch-size must be a positive integer; got "${flags.batchSize}".`);
  const { readFile } = await import('node:fs/promises');
  const { withRuntime } = await import('./runtime.ts');
  const { findWorkspace } = await import('../metadata/workspaces.ts');
  const { loadWorkspaceModel } = await import('../metadata/store.ts');
  const { insertGroups } = await import('../api/seed/insert-records.ts');
  const bar = await progressBar(options);
  return withRuntime(options, {}, async (rt) => {
    const ws = await findWorkspace(rt.db, flags.workspace as string);
    const model = await loadWorkspaceModel(rt.db, ws.id);
    const groups = flags.demo
      ? (await import('../api/seed/demo.ts')).demoGroups()
      : (await import('../api/seed/record-file.ts')).parseRecordFile(flags.file as string, await readFile(flags.file as string, 'utf8'), model, flags.object);
    const started = process.hrtime.bigint();
    const actor = { source: 'IMPORT' as const, workspaceMemberId: null, name: 'twenty seed' };
    let inserted: Record<string, number>;
    try {
      inserted = await insertGroups(rt.db, model, groups, actor, { batchSize, onProgress: bar.update });
    } finally {
      bar.stop();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rows = Object.values(inserted).reduce((a, b) => a + b, 0);
    const rowsPerSecond = Math.round(rows / Math.max(seconds, 1e-6));
    const summary = Object.entries(inserted).map(([object, n]) => `${n} ${object}`).join(', ');
    return {
      data: { workspace: ws.displayName, workspaceId: ws.id, inserted, rows, seconds: Number(seconds.toFixed(3)), rowsPerSecond },
      human: `Seeded workspace "${ws.displayName}": ${summary} (${rows} records in ${seconds.toFixed(2)} s, ${rowsPerSecond} records/s).`,
    };
  });
}

/** Adds `seed` under `twenty workspace`. */
export function addSeedCommand(workspace: Command): void {
  workspace
    .command('seed')
    .description('Insert records: the demo data set, or a JSON/YAML/CSV file; all or nothing')
    .option('-w, --workspace <idOrName>', 'workspace (id or name)')
    .option('--demo', 'the demo data set: 50 companies, 200 people, opportunities, notes and tasks')
    .option('--file <path>', 'records.json|yaml (a list with --object, or {companies: [...], people: [...]}) or records.csv (with --object)')
    .option('--object <name>', 'object of a CSV file or of a bare list (e.g. company)')
    .option('--batch-size <n>', 'records per INSERT statement (default 1000)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ twenty workspace seed --workspace Acme --demo\n  $ twenty workspace seed -w Acme --file companies.csv --object company\n  $ twenty workspace seed -w Acme --file crm.yaml --json',
    )
    .action(async (flags: SeedFlags, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      await run('workspace seed', options, () => seedCommand(options, flags));
    });
}
