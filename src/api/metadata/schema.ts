// The one /metadata GraphQL schema (Twenty's nestjs-query shapes), merged from the domains in
// domains.ts. Built once per process; the workspace comes from the context.
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { commonResolvers, commonTypeDefs } from './common-types.ts';
import { METADATA_DOMAINS } from './domains.ts';

let schema: GraphQLSchema | undefined;

export function metadataSchema(): GraphQLSchema {
  schema ??= makeExecutableSchema({
    typeDefs: [commonTypeDefs, ...METADATA_DOMAINS.map((domain) => domain.typeDefs)],
    resolvers: [commonResolvers, ...METADATA_DOMAINS.map((domain) => domain.resolvers)],
  });
  return schema;
}
