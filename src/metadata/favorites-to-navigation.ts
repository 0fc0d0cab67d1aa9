// Twenty 2.x moved the left menu from the `favorite` workspace object to navigation menu items
// (core."navigationMenuItem", a metadata entity). `twenty upgrade` copies each live favorite
// that points at a record into a RECORD item — the member's own item when the favorite names a
// workspace member, a workspace-wide one otherwise — keeping the favorite's id and position, so
// the copy is one statement per workspace and running it again adds nothing. Favorites stay
// (2.43 still has the object); nothing is deleted.
import { query, type DbClient } from '../core/db.ts';
import { ident, join, sql } from '../core/sql.ts';
import { findObject, type FieldModel } from './model.ts';
import { joinColumnName, tableName } from './names.ts';
import { loadWorkspaceModel } from './store.ts';

/** Copies the workspace's record favorites to navigation menu items; returns how many were new. */
export async function copyFavoritesToNavigation(db: DbClient, workspaceId: string): Promise<number> {
  const model = await loadWorkspaceModel(db, workspaceId);
  const favorite = findObject(model, 'favorite');
  if (!favorite) return 0;
  const targets = favorite.fields
    .filter((f): f is FieldModel => f.type === 'RELATION' && f.relation?.type === 'MANY_TO_ONE' && f.relation.targetObject !== 'workspaceMember')
    .map((f) => ({ column: sql`"f".${ident(joinColumnName(f.name))}`, object: findObject(model, f.relation?.targetObject ?? '') }))
    .filter((t) => t.object !== undefined);
  if (targets.length === 0) return 0;
  const member = favorite.fields.some((f) => f.name === 'workspaceMember') ? sql`"f"."workspaceMemberId"` : sql`NULL::uuid`;
  const recordId = sql`coalesce(${join(targets.map((t) => t.column))})`;
  const objectId = sql`CASE ${join(targets.map((t) => sql`WHEN ${t.column} IS NOT NULL THEN ${t.object?.id}::uuid`), sql` `)} END`;
  const table = ident(model.schema, tableName(favorite));
  const result = await query(
    db,
    sql`INSERT INTO core."navigationMenuItem" ("id", "workspaceId", "userWorkspaceId", "type", "targetRecordId", "targetObjectMetadataId", "position", "createdAt", "updatedAt")
SELECT "f"."id", ${workspaceId}::uuid, "uw"."id", 'RECORD', ${recordId}, ${objectId}, coalesce("f"."position", 0), "f"."createdAt", "f"."updatedAt"
FROM ${table} AS "f" LEFT JOIN core."userWorkspace" AS "uw" ON "uw"."workspaceId" = ${workspaceId}::uuid AND "uw"."workspaceMemberId" = ${member}
WHERE "f"."deletedAt" IS NULL AND ${recordId} IS NOT NULL
ON CONFLICT ("id") DO NOTHING`,
  );
  return result.rowCount ?? 0;
}
