// A unique violation said in the caller's words: which field(s) of which object, with the value
// that is already taken, instead of Postgres's hashed index name. Postgres names the table and
// the columns; the model's column naming (fieldColumns) turns them back into fields.
import { AppError } from '../../core/errors.ts';
import { fieldColumns } from '../../metadata/field-types.ts';
import type { WorkspaceModel } from '../../metadata/model.ts';
import { tableName } from '../../metadata/names.ts';

/** `email` or `emails.primaryEmail`: the field (and sub-field) that owns a column. */
function fieldPathOf(fields: WorkspaceModel['objects'][number]['fields'], column: string): string {
  for (const field of fields) {
    const owned = fieldColumns(field).find((c) => c.column === column);
    if (owned) return owned.subField ? `${field.name}.${owned.subField.name}` : field.name;
  }
  return column;
}

/** The error to show for `error`: a renamed unique violation, or `error` unchanged. */
export function nameUniqueViolation(model: WorkspaceModel, error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'ALREADY_EXISTS') return error;
  const { table, columns, values } = (error.details ?? {}) as { table?: string; columns?: string[]; values?: string[] };
  const object = model.objects.find((o) => tableName(o) === table);
  if (!object || !columns || !values || columns.length !== values.length) return error;
  const fields = columns.map((column) => fieldPathOf(object.fields, column));
  const pairs = fields.map((field, i) => `${field} "${values[i]}"`).join(' and ');
  return new AppError('ALREADY_EXISTS', `A ${object.nameSingular} with ${pairs} already exists.`, {
    hint: fields.length === 1 ? `"${fields[0]}" is unique: use another value, or update the existing record.` : `(${fields.join(', ')}) is unique together: use other values, or update the existing record.`,
    details: { object: object.nameSingular, fields, values },
    cause: error,
  });
}
