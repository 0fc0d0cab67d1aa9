// The metadata API as the server mounts it: `graphql` at /metadata, `rest` at /rest/metadata
// (mounted before /rest, whose routes would otherwise take "metadata" for an object name).
import type { Router } from 'express';
import type { MetadataApiDeps } from './context.ts';
import { metadataGraphqlRouter } from './handler.ts';
import { metadataRestRouter } from './rest.ts';

export function createMetadataApi(deps: MetadataApiDeps): { graphql: Router; rest: Router } {
  return { graphql: metadataGraphqlRouter(deps), rest: metadataRestRouter(deps) };
}
