// A separate process that applies a model file to a workspace, for crash tests:
//   node test/helpers/apply-child.ts <databaseUrl> <workspaceId> <model.yaml>
// It waits up to a minute for table locks, so a test holding a lock can freeze it mid-transaction
// and then SIGKILL it. Progress goes to stdout, one line per step.
import { createDb } from '../../src/core/db.ts';
import { applyModel } from '../../src/metadata/apply.ts';
import { loadModelFiles } from '../../src/metadata/yaml.ts';

const [url, workspaceId, file] = process.argv.slice(2);
const { spec, issues } = loadModelFiles([file]);
if (issues.length > 0) throw new Error(`invalid model file: ${issues[0].message}`);
const db = createDb(url, { max: 1, applicationName: 'twenty-apply-child' });
const result = await applyModel(db, workspaceId, spec, {
  lockTimeoutMs: 60_000,
  onStep: (index, total, summary) => process.stdout.write(`step ${index}/${total} ${summary}\n`),
});
process.stdout.write(`done applied=${result.applied}\n`);
await db.end();
