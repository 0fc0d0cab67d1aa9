// The neutral query IR shared by GraphQL and REST. Parsers turn requests into these plain
// values; permissions restrict them; the compiler turns each into ONE SQL statement.
// Names here are API names (object nameSingular, field names), never SQL.
import type { FilterOperator } from '../../metadata/field-types.ts';

export type FilterNode =
  | { kind: 'and'; children: FilterNode[] }
  | { kind: 'or'; children: FilterNode[] }
  | { kind: 'not'; child: FilterNode }
  | {
      kind: 'compare';
      /**
       * A field name of the object. For a MANY_TO_ONE relation field the compare targets its
       * FK column (the API name `companyId` is parsed to field `company`).
       */
      field: string;
      /** Sub-field of a composite field (`name.firstName`). */
      subField?: string;
      op: FilterOperator;
      /** Already parsed JS value: string, number, boolean, null, list, or 'NULL'/'NOT_NULL' for `is`. */
      value: unknown;
    };

export type OrderDirection = 'AscNullsFirst' | 'AscNullsLast' | 'DescNullsFirst' | 'DescNullsLast';

export interface OrderTerm {
  field: string;
  subField?: string;
  direction: OrderDirection;
}

/** One entry of a record selection; `alias` is the key in the output JSON. */
export type SelectedField =
  /** A scalar field, or a composite field with the sub-fields to return. */
  | { kind: 'field'; alias: string; field: string; subFields?: string[] }
  /** The FK value of a MANY_TO_ONE relation (`companyId`). */
  | { kind: 'foreignKey'; alias: string; field: string }
  /** The related record of a MANY_TO_ONE relation (null when unset). */
  | { kind: 'manyToOne'; alias: string; field: string; selection: Selection }
  /** The related records of a ONE_TO_MANY relation, as a connection or as a plain list. */
  | { kind: 'oneToMany'; alias: string; field: string; connection: ConnectionQuery };

export interface Selection {
  fields: SelectedField[];
}

export interface Cursor {
  /** Values of the orderBy terms, keyed `field` or `field.subField`, plus `id`. */
  values: Record<string, unknown>;
}

export type AggregateOp =
  | 'countUniqueValues'
  | 'countEmpty'
  | 'countNotEmpty'
  | 'percentageEmpty'
  | 'percentageNotEmpty'
  | 'min'
  | 'max'
  | 'avg'
  | 'sum'
  | 'countTrue'
  | 'countFalse';

export interface AggregateRequest {
  alias: string;
  op: AggregateOp;
  field: string;
  subField?: string;
}

/**
 * A list of records of one object. `shape` says how the JSON is built:
 * - 'connection': Twenty's `{edges:[{node, cursor}], pageInfo, totalCount, <aggregates>}`
 *   with only the parts in `want` present;
 * - 'list': a bare JSON array of records (REST).
 */
export interface ConnectionQuery {
  object: string;
  filter?: FilterNode;
  /** Caller's order; the compiler appends `id` as the tie-breaker. */
  orderBy: OrderTerm[];
  /** 'forward' uses first/after; 'backward' uses last/before. */
  direction: 'forward' | 'backward';
  /** Page size, already clamped to the configured maximum. */
  limit: number;
  /** Rows skipped before the page (Twenty's `offset`), after the cursor condition. */
  offset?: number;
  after?: Cursor;
  before?: Cursor;
  /** Include soft-deleted rows (set when the filter mentions deletedAt). */
  withDeleted: boolean;
  selection: Selection;
  shape: 'connection' | 'list';
  want: {
    edges: boolean;
    cursor: boolean;
    pageInfo: boolean;
    totalCount: boolean;
    aggregates: AggregateRequest[];
  };
  /** Output keys for the connection parts when the GraphQL query aliases them. */
  aliases?: { edges?: string; node?: string; cursor?: string; pageInfo?: string; totalCount?: string };
}

/** One record by filter (GraphQL findOne, REST GET by id): JSON object or null. */
export interface FindOneQuery {
  object: string;
  filter: FilterNode;
  withDeleted: boolean;
  selection: Selection;
}

/** Who is writing (stamped into createdBy/updatedBy): authentication decides it. */
export type { Actor } from '../../auth/actor.ts';
import type { Actor } from '../../auth/actor.ts';

/**
 * Input records keyed by API field name: scalars as JSON values, composites as objects of
 * sub-field values, MANY_TO_ONE relations as `<field>Id`.
 */
export type RecordInput = Record<string, unknown>;

export interface CreateQuery {
  object: string;
  records: RecordInput[];
  upsert: boolean;
  actor: Actor;
  selection: Selection;
  /** false only for bulk seeding: the rows are inserted without `created` events. */
  emitEvents?: boolean;
}

export interface UpdateQuery {
  object: string;
  filter: FilterNode;
  data: RecordInput;
  actor: Actor;
  selection: Selection;
  /** Refuse when more than this many rows would change (MUTATION_MAXIMUM_AFFECTED_RECORDS). */
  maxAffected: number;
}

export interface DeleteQuery {
  object: string;
  /** soft: set deletedAt; destroy: remove rows; restore: clear deletedAt. */
  mode: 'soft' | 'destroy' | 'restore';
  filter: FilterNode;
  selection: Selection;
  maxAffected: number;
  /** Who deletes, destroys or restores; named in the change's event (webhooks, timeline). */
  actor: Actor;
}
