// Parse + validate once per (schema, document text): validate() alone costs 0.16-0.40 ms for a
// small query (PERF.md fact 6). Failures are cached too, so a broken client that retries costs
// nothing. Bounded LRU; schemas are told apart by identity.
import {
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { createLru } from './lru.ts';
import { measureOperation, type OperationSize } from './operation-size.ts';
import { fromGraphQLError } from './response-errors.ts';

export type PreparedDocument =
  | {
      ok: true;
      document: DocumentNode;
      fragments: Record<string, FragmentDefinitionNode>;
      /** Size of an operation of this document, measured on first use. */
      sizeOf(operation: OperationDefinitionNode): OperationSize;
    }
  | { ok: false; errors: GraphQLFormattedError[] };

export interface DocumentCache {
  prepare(schema: GraphQLSchema, text: string): PreparedDocument;
  stats(): { hits: number; misses: number; size: number };
}

/** Documents beyond this many lexical tokens are refused before they are fully parsed. */
const MAX_TOKENS = 50_000;
const MAX_VALIDATION_ERRORS = 20;

function prepared(document: DocumentNode): PreparedDocument {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const sizes = new Map<OperationDefinitionNode, OperationSize>();
  return {
    ok: true,
    document,
    fragments,
    sizeOf(operation) {
      let size = sizes.get(operation);
      if (!size) {
        size = measureOperation(operation, fragments);
        sizes.set(operation, size);
      }
      return size;
    },
  };
}

function parseAndValidate(schema: GraphQLSchema, text: string): PreparedDocument {
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: MAX_TOKENS });
  } catch (error) {
    if (error instanceof GraphQLError) return { ok: false, errors: [fromGraphQLError(error, 'GRAPHQL_PARSE_FAILED')] };
    throw error;
  }
  const errors = validate(schema, document, undefined, { maxErrors: MAX_VALIDATION_ERRORS });
  if (errors.length > 0) return { ok: false, errors: errors.map((e) => fromGraphQLError(e, 'GRAPHQL_VALIDATION_FAILED')) };
  return prepared(document);
}

export function createDocumentCache(options: { max: number }): DocumentCache {
  const lru = createLru<string, PreparedDocument>(options.max);
  const schemaIds = new WeakMap<GraphQLSchema, number>();
  let nextId = 0;
  let hits = 0;
  let misses = 0;
  const idOf = (schema: GraphQLSchema): number => {
    let id = schemaIds.get(schema);
    if (id === undefined) {
      id = nextId++;
      schemaIds.set(schema, id);
    }
    return id;
  };
  return {
    prepare(schema, text) {
      const key = `${idOf(schema)}\n${text}`;
      const cached = lru.get(key);
      if (cached) {
        hits++;
        return cached;
      }
      misses++;
      const result = parseAndValidate(schema, text);
      lru.set(key, result);
      return result;
    },
    stats: () => ({ hits, misses, size: lru.size }),
  };
}
