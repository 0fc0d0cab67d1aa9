// The /metadata types every domain may use: the scalars and nestjs-query's cursor paging.
import type { IResolvers } from '@graphql-tools/utils';
import { ConnectionCursorScalar, JSONScalar, UUIDScalar } from '../graphql/scalars.ts';

export const commonTypeDefs = /* GraphQL */ `
  scalar UUID
  scalar JSON
  scalar ConnectionCursor

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: ConnectionCursor endCursor: ConnectionCursor }
  input CursorPaging { before: ConnectionCursor after: ConnectionCursor first: Int last: Int }
`;

export const commonResolvers: IResolvers = {
  UUID: UUIDScalar,
  JSON: JSONScalar,
  ConnectionCursor: ConnectionCursorScalar,
};
