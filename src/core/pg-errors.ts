// Postgres failures become domain errors here and nowhere else. The raw Postgres message is
// kept as the cause for the log; users get a sentence without SQL text.
import { AppError } from './errors.ts';

interface PgLikeError {
  code?: string;
  message?: string;
  constraint?: string;
  column?: string;
  table?: string;
  detail?: string;
}

/** Postgres's `Key (a, b)=(x, y) already exists.`: the columns and the values taken. */
function duplicateKey(detail: string | undefined): { columns: string[]; values: string[] } | undefined {
  const match = /^Key \((.+)\)=\((.*)\) already exists\.$/s.exec(detail ?? '');
  if (!match) return undefined;
  const columns = match[1].split(', ').map((c) => c.replace(/^"|"$/g, ''));
  const values = match[2].split(', ');
  return columns.length === values.length ? { columns, values: values.map((v) => v.slice(0, 100)) } : undefined;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '57P01', '57P03', '08006', '08001', '08004']);

/** A primary-key clash is a create reusing a record id: Twenty's 400 "Record already exists". */
function recordAlreadyExists(e: PgLikeError, error: unknown): AppError {
  const id = /^Key \("?id"?\)=\(([0-9a-fA-F-]{36})\)/.exec(e.detail ?? '')?.[1];
  const message = id ? `Record already exists: a record with id "${id}" exists.` : 'Record already exists.';
  return new AppError('RECORD_ALREADY_EXISTS', message, { hint: 'Use another id, or update the existing record.', details: { ...(id ? { id } : {}) }, cause: error });
}

export function translatePgError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as PgLikeError;
  const code = e.code ?? '';
  const message = e.message ?? '';
  if (CONNECTION_CODES.has(code) || /timeout expired|Connection terminated/i.test(message)) {
    return new AppError('SERVICE_UNAVAILABLE', 'Cannot reach PostgreSQL.', {
      hint: 'Check that the server is running and PG_DATABASE_URL is right (`twenty doctor`).',
      cause: error,
    });
  }
  switch (code) {
    case '28P01':
    case '28000':
      return new AppError('SERVICE_UNAVAILABLE', 'PostgreSQL refused the credentials in PG_DATABASE_URL.', {
        hint: 'Check the user name and password in PG_DATABASE_URL.',
        cause: error,
      });
    case '3D000':
      return new AppError('SERVICE_UNAVAILABLE', 'The database named in PG_DATABASE_URL does not exist.', {
        hint: 'Create it, or point PG_DATABASE_URL at an existing database.',
        cause: error,
      });
    case '23505': {
      if (e.constraint?.endsWith('_pkey')) return recordAlreadyExists(e, error);
      // The API layer, which knows the model, turns table and columns into the field names.
      const key = duplicateKey(e.detail);
      const message = key ? `A record with ${key.columns.map((c, i) => `"${c}" = "${key.values[i]}"`).join(' and ')} already exists.` : 'Record already exists.';
      return new AppError('ALREADY_EXISTS', message, { details: { constraint: e.constraint, table: e.table, ...key }, cause: error });
    }
    case '23503':
      return new AppError('BAD_USER_INPUT', 'A related record does not exist.', { details: { constraint: e.constraint }, cause: error });
    case '23502':
      return new AppError('BAD_USER_INPUT', `Field "${e.column ?? 'unknown'}" cannot be null.`, { details: { field: e.column }, cause: error });
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22023':
    case '22P05':
    case '22021':
    case '22025':
      return new AppError('BAD_USER_INPUT', 'A value has the wrong format for its field.', { cause: error });
    case '55P03':
      return new AppError('LOCK_HELD', 'A table is locked by another transaction; try again.', { cause: error });
    case '57014':
      return new AppError('TIMEOUT', 'The statement took too long and was cancelled.', { cause: error });
    case '40P01':
    case '40001':
      return new AppError('CONFLICT', 'A concurrent change conflicted; try again.', { cause: error });
    default:
      return error;
  }
}
