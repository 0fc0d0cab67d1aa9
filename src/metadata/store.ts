// Core metadata rows ↔ WorkspaceModel: loading a workspace's model, and the row statements
// that go with each Change (run in the same transaction as its DDL).
import type { Change } from './diff.ts';
import { roleStatements } from './roles.ts';
import type { FieldModel, ObjectModel, WorkspaceModel } from './model.ts';
import type { DbClient } from '../core/db.ts';
import { rows, one } from '../core/db.ts';
import { sql, type Sql } from '../core/sql.ts';
import { AppError } from '../core/errors.ts';
import { joinColumnName } from './names.ts';

interface WorkspaceRow {
  id: string;
  schemaName: string;
  metadataVersion: number;
}

// Rows are the model's shape with relations and names as stored.
type ObjectRow = Omit<ObjectModel, 'fields' | 'indexes' | 'labelIdentifier'> & { labelIdentifierFieldName: string | null };

type FieldRow = Omit<FieldModel, 'relation'> & {
  objectMetadataId: string;
  relationTargetObjectMetadataId: string | null;
  relationTargetFieldMetadataId: string | null;
};

interface IndexRow {
  id: string;
  objectMetadataId: string;
  name: string;
  fieldNames: string[];
  isUnique: boolean;
}

export async function loadWorkspaceModel(db: DbClient, workspaceId: string): Promise<WorkspaceModel> {
  const ws = await one<WorkspaceRow>(db, sql`SELECT "id", "schemaName", "metadataVersion" FROM core.workspace WHERE "id" = ${workspaceId} AND "deletedAt" IS NULL`);
  if (!ws) throw new AppError('NOT_FOUND', `Workspace "${workspaceId}" does not exist.`, { hint: 'List workspaces with `twenty workspace list`.' });
  // Sequential: db may be a single client inside a transaction.
  const objects = await rows<ObjectRow>(db, sql`SELECT * FROM core."objectMetadata" WHERE "workspaceId" = ${workspaceId} ORDER BY "createdAt", "nameSingular"`);
  const fields = await rows<FieldRow>(db, sql`SELECT * FROM core."fieldMetadata" WHERE "workspaceId" = ${workspaceId} ORDER BY "position", "createdAt", "name"`);
  const indexes = await rows<IndexRow>(db, sql`SELECT * FROM core."indexMetadata" WHERE "workspaceId" = ${workspaceId} ORDER BY "name"`);
  const objectName = new Map(objects.map((o) => [o.id, o.nameSingular]));
  const fieldName = new Map(fields.map((f) => [f.id, f.name]));
  const toField = (f: FieldRow): FieldModel => ({
    id: f.id,
    name: f.name,
    label: f.label,
    type: f.type,
    description: f.description,
    icon: f.icon,
    isNullable: f.isNullable,
    isUnique: f.isUnique,
    defaultValue: f.defaultValue,
    options: f.options,
    settings: f.type === 'RELATION' ? null : f.settings,
    isCustom: f.isCustom,
    isSystem: f.isSystem,
    relation:
      f.type === 'RELATION' && f.relationTargetObjectMetadataId
        ? {
            type: (f.settings?.relationType as 'MANY_TO_ONE' | 'ONE_TO_MANY') ?? 'MANY_TO_ONE',
            targetObject: objectName.get(f.relationTargetObjectMetadataId) ?? '',
            targetField: fieldName.get(f.relationTargetFieldMetadataId ?? '') ?? '',
            ...(f.settings?.onDelete ? { onDelete: f.settings.onDelete as 'SET_NULL' | 'CASCADE' | 'RESTRICT' } : {}),
          }
        : null,
  });
  return {
    workspaceId: ws.id,
    schema: ws.schemaName,
    version: ws.metadataVersion,
    objects: objects.map(
      (o): ObjectModel => ({
        id: o.id,
        nameSingular: o.nameSingular,
        namePlural: o.namePlural,
        labelSingular: o.labelSingular,
        labelPlural: o.labelPlural,
        description: o.description,
        icon: o.icon,
        isCustom: o.isCustom,
        isSystem: o.isSystem,
        labelIdentifier: o.labelIdentifierFieldName,
        fields: fields.filter((f) => f.objectMetadataId === o.id).map(toField),
        indexes: indexes.filter((i) => i.objectMetadataId === o.id).map((i) => ({ id: i.id, name: i.name, fields: i.fieldNames, isUnique: i.isUnique })),
      }),
    ),
  };
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function objectIdOf(model: WorkspaceModel, nameSingular: string): string | null {
  return model.objects.find((o) => o.nameSingular === nameSingular)?.id ?? null;
}

function fieldIdOf(model: WorkspaceModel, objectName: string, fieldName: string): string | null {
  return model.objects.find((o) => o.nameSingular === objectName)?.fields.find((f) => f.name === fieldName)?.id ?? null;
}

function fieldSettings(field: FieldModel): Record<string, unknown> | null {
  if (!field.relation) return field.settings;
  return { relationType: field.relation.type, ...(field.relation.onDelete ? { onDelete: field.relation.onDelete } : {}), ...(field.relation.type === 'MANY_TO_ONE' ? { joinColumnName: joinColumnName(field.name) } : {}) };
}

function fieldValues(model: WorkspaceModel, workspaceId: string, object: ObjectModel, field: FieldModel, position: number) {
  return {
    targetObjectId: field.relation ? objectIdOf(model, field.relation.targetObject) : null,
    targetFieldId: field.relation ? fieldIdOf(model, field.relation.targetObject, field.relation.targetField) : null,
    row: sql`${field.id}, ${workspaceId}, ${object.id}, ${field.name}, ${field.label}, ${field.type}, ${field.description}, ${field.icon}, ${field.isNullable}, ${field.isUnique}, ${json(field.defaultValue)}::jsonb, ${json(field.options)}::jsonb, ${json(fieldSettings(field))}::jsonb, ${field.isCustom}, ${field.isSystem}, ${position}`,
  };
}

function insertField(model: WorkspaceModel, object: ObjectModel, field: FieldModel): Sql {
  const position = object.fields.indexOf(field);
  const v = fieldValues(model, model.workspaceId, object, field, position < 0 ? object.fields.length : position);
  return sql`INSERT INTO core."fieldMetadata" ("id", "workspaceId", "objectMetadataId", "name", "label", "type", "description", "icon", "isNullable", "isUnique", "defaultValue", "options", "settings", "isCustom", "isSystem", "position", "relationTargetObjectMetadataId", "relationTargetFieldMetadataId") VALUES (${v.row}, ${v.targetObjectId}, ${v.targetFieldId})`;
}

function insertIndex(model: WorkspaceModel, object: ObjectModel, index: ObjectModel['indexes'][number]): Sql {
  return sql`INSERT INTO core."indexMetadata" ("id", "workspaceId", "objectMetadataId", "name", "fieldNames", "isUnique") VALUES (${index.id}, ${model.workspaceId}, ${object.id}, ${index.name}, ${index.fields}, ${index.isUnique})`;
}

/** Metadata row statements for a change, given the desired model (for relation target ids). */
export function metadataStatements(desired: WorkspaceModel, change: Change): Sql[] {
  const ws = desired.workspaceId;
  switch (change.kind) {
    case 'createObject': {
      const o = change.object;
      return [
        sql`INSERT INTO core."objectMetadata" ("id", "workspaceId", "nameSingular", "namePlural", "labelSingular", "labelPlural", "description", "icon", "isCustom", "isSystem", "labelIdentifierFieldName") VALUES (${o.id}, ${ws}, ${o.nameSingular}, ${o.namePlural}, ${o.labelSingular}, ${o.labelPlural}, ${o.description}, ${o.icon}, ${o.isCustom}, ${o.isSystem}, ${o.labelIdentifier})`,
        ...o.fields.filter((f) => f.type !== 'RELATION').map((f) => insertField(desired, o, f)),
      ];
    }
    case 'updateObject': {
      const o = change.after;
      return [sql`UPDATE core."objectMetadata" SET "nameSingular" = ${o.nameSingular}, "namePlural" = ${o.namePlural}, "labelSingular" = ${o.labelSingular}, "labelPlural" = ${o.labelPlural}, "description" = ${o.description}, "icon" = ${o.icon}, "labelIdentifierFieldName" = ${o.labelIdentifier}, "updatedAt" = now() WHERE "id" = ${o.id} AND "workspaceId" = ${ws}`];
    }
    case 'deleteObject':
      return [sql`DELETE FROM core."objectMetadata" WHERE "id" = ${change.object.id} AND "workspaceId" = ${ws}`];
    case 'createField':
      return [insertField(desired, change.object, change.field)];
    case 'updateField': {
      const f = change.after;
      const position = change.object.fields.indexOf(f);
      const v = fieldValues(desired, ws, change.object, f, position);
      return [
        sql`UPDATE core."fieldMetadata" SET "name" = ${f.name}, "label" = ${f.label}, "type" = ${f.type}, "description" = ${f.description}, "icon" = ${f.icon}, "isNullable" = ${f.isNullable}, "isUnique" = ${f.isUnique}, "defaultValue" = ${json(f.defaultValue)}::jsonb, "options" = ${json(f.options)}::jsonb, "settings" = ${json(fieldSettings(f))}::jsonb, "relationTargetObjectMetadataId" = ${v.targetObjectId}, "relationTargetFieldMetadataId" = ${v.targetFieldId}, "updatedAt" = now() WHERE "id" = ${f.id} AND "workspaceId" = ${ws}`,
      ];
    }
    case 'deleteField':
      return [sql`DELETE FROM core."fieldMetadata" WHERE "id" = ${change.field.id} AND "workspaceId" = ${ws}`];
    case 'createIndex':
      return [insertIndex(desired, change.object, change.index)];
    case 'deleteIndex':
      return [sql`DELETE FROM core."indexMetadata" WHERE "id" = ${change.index.id} AND "workspaceId" = ${ws}`];
    case 'createRole':
    case 'updateRole':
    case 'deleteRole':
      return roleStatements(ws, change);
  }
}

export async function bumpMetadataVersion(db: DbClient, workspaceId: string): Promise<number> {
  const row = await one<{ metadataVersion: number }>(db, sql`UPDATE core.workspace SET "metadataVersion" = "metadataVersion" + 1, "updatedAt" = now() WHERE "id" = ${workspaceId} RETURNING "metadataVersion"`);
  return row?.metadataVersion ?? 0;
}
