// Shipped files (migrations, templates). In a checkout they are read from the repository; in
// the single binary they are SEA assets under the same relative names, listed in a manifest.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface SeaModule {
  isSea(): boolean;
  getAsset(key: string, encoding: string): string;
}

function seaModule(): SeaModule | undefined {
  try {
    const sea = createRequire(process.execPath)('node:sea') as SeaModule;
    return sea.isSea() ? sea : undefined;
  } catch {
    return undefined;
  }
}

const sea = seaModule();

export function repoRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

export function readAsset(relativePath: string): string {
  if (sea) return sea.getAsset(relativePath, 'utf8');
  return readFileSync(join(repoRoot(), relativePath), 'utf8');
}

/** Names of the files directly inside a shipped folder, sorted. */
export function listAssets(folder: string): string[] {
  if (sea) {
    const manifest = JSON.parse(sea.getAsset('manifest.json', 'utf8')) as string[];
    return manifest.filter((p) => p.startsWith(`${folder}/`)).map((p) => p.slice(folder.length + 1)).sort();
  }
  return readdirSync(join(repoRoot(), folder)).sort();
}
