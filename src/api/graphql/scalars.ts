// The custom scalars and shared enums of the workspace schema. Output values come straight
// from Postgres JSON, so serialize is the identity; input parsing validates the shape so a bad
// value is a GraphQL input error, never a SQL error.
import { GraphQLEnumType, GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';
import type { OrderDirection } from '../query/ir.ts';
import { isUuid } from '../../core/uuid.ts';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const NUMERIC_PATTERN = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function stringScalar(name: string, description: string, check: (value: string) => boolean, expected: string): GraphQLScalarType {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !check(value)) {
      throw new GraphQLError(`${name} cannot represent ${JSON.stringify(value)}: expected ${expected}.`);
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => value,
    parseValue: parse,
    parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : literalText(ast)),
  });
}

/** The text of a literal, so the error message can quote what the caller wrote. */
function literalText(ast: ValueNode): unknown {
  return 'value' in ast ? ast.value : ast.kind;
}

export const UUIDScalar = stringScalar('UUID', 'A UUID, e.g. "20202020-1c25-4d02-bf25-6aeccf7ea419".', isUuid, 'a UUID');

export const DateTimeScalar = stringScalar(
  'DateTime',
  'An ISO-8601 date-time string.',
  (v) => !Number.isNaN(Date.parse(v)),
  'an ISO-8601 date-time such as "2024-05-01T12:00:00Z"',
);

export const DateScalar = stringScalar(
  'Date',
  'A calendar date, YYYY-MM-DD.',
  (v) => DATE_PATTERN.test(v) && !Number.isNaN(Date.parse(v)),
  'a date such as "2024-05-01"',
);

export const CursorScalar = stringScalar('Cursor', 'An opaque pagination cursor.', () => true, 'a cursor string');

export const ConnectionCursorScalar = stringScalar('ConnectionCursor', 'An opaque pagination cursor.', () => true, 'a cursor string');

export const TSVectorScalar = stringScalar('TSVector', 'A full-text search vector (read-only).', () => true, 'a string');

/** Arbitrary precision numbers travel as strings so no digit is lost. */
export const BigFloatScalar = new GraphQLScalarType({
  name: 'BigFloat',
  description: 'An arbitrary precision number, as a string.',
  serialize: (value) => value,
  parseValue: parseBigFloat,
  parseLiteral: (ast) => parseBigFloat(ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? ast.value : literalText(ast)),
});

function parseBigFloat(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !NUMERIC_PATTERN.test(text)) {
    throw new GraphQLError(`BigFloat cannot represent ${JSON.stringify(value)}: expected a number such as "12.50".`);
  }
  return text;
}

/** Positions are numbers, or "first"/"last" to put a record at an end of the list. */
export const PositionScalar = new GraphQLScalarType({
  name: 'Position',
  description: 'A record position: a number, or "first" / "last".',
  serialize: (value) => value,
  parseValue: parsePosition,
  parseLiteral: (ast) => parsePosition(ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? Number(ast.value) : literalText(ast)),
});

function parsePosition(value: unknown): number | string {
  if ((typeof value === 'number' && Number.isFinite(value)) || value === 'first' || value === 'last') return value;
  throw new GraphQLError(`Position cannot represent ${JSON.stringify(value)}: expected a number, "first" or "last".`);
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

export const FilterIsEnum = new GraphQLEnumType({
  name: 'FilterIs',
  values: { NULL: { value: 'NULL' }, NOT_NULL: { value: 'NOT_NULL' } },
});

const DIRECTIONS: readonly OrderDirection[] = ['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'];

export const OrderByDirectionEnum = new GraphQLEnumType({
  name: 'OrderByDirection',
  values: Object.fromEntries(DIRECTIONS.map((d) => [d, { value: d }])),
});
