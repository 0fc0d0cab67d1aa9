// Per-statement compile state: table aliases are numbered in the order the compiler meets
// them, so the same query shape always compiles to the same text (golden files, prepared
// statement names).
import type { WorkspaceModel } from '../../metadata/model.ts';

export interface CompileContext {
  model: WorkspaceModel;
  aliases: number;
}

export function newContext(model: WorkspaceModel): CompileContext {
  return { model, aliases: 0 };
}

export function nextAlias(ctx: CompileContext): string {
  return `t${ctx.aliases++}`;
}
