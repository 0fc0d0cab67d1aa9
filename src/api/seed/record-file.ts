// Record files for `twenty workspace seed --file`: JSON or YAML (a list for one object, or
// `{companies: [...], people: [...]}` keyed by plural name, inserted in that order) and CSV
// (one object; headers are field names, `domainName.primaryLinkUrl` for sub-fields).
import { extname } from 'node:path';
import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import { AppError } from '../../core/errors.ts';
import { fieldColumns } from '../../metadata/field-types.ts';
import { findField, findObject, findObjectByPlural, type ObjectModel, type WorkspaceModel } from '../../metadata/model.ts';
import { didYouMeanSuffix as didYouMean } from '../../metadata/suggest.ts';
import type { RecordInput } from '../query/ir.ts';
import { requireObject } from '../query/resolve.ts';
import { parseCsv } from './csv.ts';
import type { RecordGroup } from './insert-records.ts';

type Lines = (index: number) => number | undefined;

function objectNamed(model: WorkspaceModel, key: string): ObjectModel {
  const object = findObjectByPlural(model, key) ?? findObject(model, key);
  if (object) return object;
  throw new AppError('BAD_USER_INPUT', `No object is named "${key}".${didYouMean(key, model.objects.map((o) => o.namePlural))}`, {
    hint: 'Key the file by plural object names, e.g. {"companies": [...], "people": [...]}.',
  });
}

function recordList(file: string, name: string, value: unknown): RecordInput[] {
  if (!Array.isArray(value) || value.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    throw new AppError('BAD_USER_INPUT', `${file}: "${name}" must be a list of records (objects of field values).`);
  }
  return value as RecordInput[];
}

function describer(file: string, lines: Lines): (index: number) => string {
  return (index) => {
    const line = lines(index);
    return line === undefined ? `Record ${index + 1} of ${file}` : `Line ${line} of ${file}`;
  };
}

/** Data keyed by plural (or a bare list for --object) → groups in file order. */
function groupsOf(file: string, model: WorkspaceModel, data: unknown, objectName: string | undefined, linesOf: (key: string | null) => Lines): RecordGroup[] {
  if (Array.isArray(data)) {
    if (!objectName) throw new AppError('USAGE', `${file} holds a list of records; say which object they are with --object <name>.`);
    const object = requireObject(model, objectName);
    return [{ object: object.nameSingular, records: recordList(file, object.namePlural, data), describe: describer(file, linesOf(null)) }];
  }
  if (typeof data !== 'object' || data === null) throw new AppError('BAD_USER_INPUT', `${file} must hold a list of records or an object keyed by plural object names.`);
  return Object.entries(data).map(([key, value]) => {
    const object = objectNamed(model, key);
    return { object: object.nameSingular, records: recordList(file, key, value), describe: describer(file, linesOf(key)) };
  });
}

function yamlGroups(file: string, text: string, model: WorkspaceModel, objectName?: string): RecordGroup[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new AppError('BAD_USER_INPUT', `${file} line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`);
  }
  const itemLines = (seq: unknown): Lines => (index) => {
    const item = isSeq(seq) ? (seq.items[index] as Node | undefined) : undefined;
    return item?.range ? counter.linePos(item.range[0]).line : undefined;
  };
  const linesOf = (key: string | null): Lines => itemLines(key === null ? doc.contents : isMap(doc.contents) ? doc.contents.get(key, true) : undefined);
  return groupsOf(file, model, doc.toJS(), objectName, linesOf);
}

function jsonGroups(file: string, text: string, model: WorkspaceModel, objectName?: string): RecordGroup[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_USER_INPUT', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  return groupsOf(file, model, data, objectName, () => () => undefined);
}

const BOOLEANS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };

/** A CSV cell typed for its column; what does not parse is passed on for the usual checks. */
function cellValue(object: ObjectModel, path: string, cell: string): unknown {
  const [name, sub] = path.split('.');
  const field = findField(object, name);
  const column = field && fieldColumns(field).find((c) => (sub ? c.subField?.name === sub : !c.subField));
  if (column?.pg === 'boolean') return BOOLEANS[cell.trim().toLowerCase()] ?? cell;
  if (column && ['jsonb', 'text[]', 'enum[]'].includes(column.pg)) {
    try {
      return JSON.parse(cell);
    } catch {
      return cell;
    }
  }
  return cell;
}

function csvGroups(file: string, text: string, model: WorkspaceModel, objectName?: string): RecordGroup[] {
  if (!objectName) throw new AppError('USAGE', `A CSV file holds one object; say which with --object <name> (e.g. --object company).`);
  const object = requireObject(model, objectName);
  const { headers, rows } = parseCsv(text, file);
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    headers.forEach((path, i) => {
      const cell = row.cells[i];
      if (cell === '') return;
      const value = cellValue(object, path, cell);
      const [name, sub] = path.split('.');
      if (sub === undefined) record[name] = value;
      else record[name] = { ...(record[name] as Record<string, unknown> | undefined), [sub]: value };
    });
    return record;
  });
  return [{ object: object.nameSingular, records, describe: describer(file, (i) => rows[i]?.line) }];
}

export function parseRecordFile(file: string, text: string, model: WorkspaceModel, objectName?: string): RecordGroup[] {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return csvGroups(file, text, model, objectName);
  if (ext === '.json') return jsonGroups(file, text, model, objectName);
  if (ext === '.yaml' || ext === '.yml') return yamlGroups(file, text, model, objectName);
  throw new AppError('USAGE', `Cannot read "${file}": use a .json, .yaml, .yml or .csv file.`);
}
