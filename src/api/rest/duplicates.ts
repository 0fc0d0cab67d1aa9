// POST /rest/:plural/duplicates and PATCH /rest/:plural/merge (spec §2.1): the same compiled
// statements as GraphQL's companyDuplicates and mergeCompanies, in Twenty's REST envelopes.
import { AppError } from '../../core/errors.ts';
import type { DbClient } from '../../core/db.ts';
import type { Permissions } from '../../auth/permissions.ts';
import type { ObjectModel, WorkspaceModel } from '../../metadata/model.ts';
import { pascal, rootFieldNames } from '../../metadata/names.ts';
import { authorizeDuplicates, compileFindDuplicates, type DuplicatesInput } from '../query/duplicates.ts';
import type { Actor, RecordInput } from '../query/ir.ts';
import { authorizeMerge, compileMerge } from '../query/merge.ts';
import { runCompiled } from '../query/run.ts';
import { dataEnvelope } from './envelope.ts';
import type { RestLimits, RestParams } from './params.ts';
import { restSelection } from './selection.ts';

/** What these routes need of a REST call (router.ts's RestCall has it all). */
export interface DuplicatesCall {
  ctx: { db: DbClient; model: WorkspaceModel; actor: Actor; permissions: Permissions };
  object: ObjectModel;
  params: RestParams;
  body: unknown;
  limits: RestLimits;
}

const STRIP = { deniedSelection: 'strip' } as const;

function bodyObject(body: unknown, example: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('BAD_USER_INPUT', `The request body must be a JSON object such as ${example}.`);
  }
  return body as Record<string, unknown>;
}

function duplicatesInput(body: Record<string, unknown>): DuplicatesInput {
  const { ids, data } = body;
  if ((ids === undefined) === (data === undefined)) throw new AppError('BAD_USER_INPUT', 'Send exactly one of "ids" (record ids) or "data" (records) in the body.');
  if (ids !== undefined) {
    if (!Array.isArray(ids)) throw new AppError('BAD_USER_INPUT', '"ids" must be a list of record ids.');
    return { ids: ids as string[] };
  }
  if (!Array.isArray(data) || data.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    throw new AppError('BAD_USER_INPUT', '"data" must be a list of records (objects of field values).');
  }
  return { data: data as RecordInput[] };
}

function selectionOf(call: DuplicatesCall) {
  return restSelection(call.ctx.model, call.object, { depth: call.params.depth, fields: call.params.fields, maxRecordsFromRelation: call.limits.maxRecordsFromRelation });
}

interface ConnectionResult {
  edges?: { node: unknown }[];
  totalCount?: number;
  pageInfo?: { startCursor?: string | null; endCursor?: string | null };
}

/**
 * `{data: [{companyDuplicates: [...], totalCount, pageInfo}]}`, one entry per input. Duplicates
 * come as one page (at most QUERY_MAX_RECORDS), so there is never a next or previous page.
 */
export async function findDuplicatesAction(call: DuplicatesCall): Promise<{ body: unknown }> {
  const input = duplicatesInput(bodyObject(call.body, '{"ids": ["…"]} or {"data": [{"name": "…"}]}'));
  const query = authorizeDuplicates(call.ctx.permissions, call.ctx.model, {
    object: call.object.nameSingular,
    input,
    connection: {
      orderBy: [],
      direction: 'forward',
      limit: call.limits.maxLimit,
      selection: selectionOf(call),
      shape: 'connection',
      want: { edges: true, cursor: false, pageInfo: true, totalCount: true, aggregates: [] },
    },
  }, STRIP);
  // One entry per input: no ids, no entries (as Twenty: 200 with `data: []`), once the caller is
  // known to be allowed to read the object. An empty `data` stays a 400, as in Twenty.
  if ('ids' in input && input.ids.length === 0) return { body: { data: [] } };
  const result = (await runCompiled(call.ctx.db, compileFindDuplicates(call.ctx.model, query))) as ConnectionResult[];
  const key = rootFieldNames(call.object).findDuplicates;
  return { body: { data: result.map((c) => ({ [key]: (c.edges ?? []).map((e) => e.node), totalCount: c.totalCount ?? 0, pageInfo: pageInfoOf(c) })) } };
}

function pageInfoOf(connection: ConnectionResult) {
  const { startCursor = null, endCursor = null } = connection.pageInfo ?? {};
  return { hasNextPage: false, hasPreviousPage: false, startCursor, endCursor };
}

/**
 * `{data: {mergeCompany: {...}}}`: the merged record (not written when dryRun). REST names it
 * with the singular, as Twenty's REST merge handler does; GraphQL's field is `mergeCompanies`.
 */
export async function mergeAction(call: DuplicatesCall): Promise<{ body: unknown }> {
  const body = bodyObject(call.body, '{"ids": ["…", "…"], "conflictPriorityIndex": 0, "dryRun": false}');
  if (!Array.isArray(body.ids)) throw new AppError('BAD_USER_INPUT', '"ids" must be a list of the record ids to merge.');
  if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean') throw new AppError('BAD_USER_INPUT', '"dryRun" must be true or false.');
  const query = authorizeMerge(call.ctx.permissions, call.ctx.model, {
    object: call.object.nameSingular,
    ids: body.ids as string[],
    conflictPriorityIndex: typeof body.conflictPriorityIndex === 'number' ? body.conflictPriorityIndex : Number.NaN,
    dryRun: body.dryRun === true,
    actor: call.ctx.actor,
    selection: selectionOf(call),
  }, STRIP);
  const merged = await runCompiled(call.ctx.db, compileMerge(call.ctx.model, query));
  return { body: dataEnvelope(`merge${pascal(call.object.nameSingular)}`, merged) };
}
