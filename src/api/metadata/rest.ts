// /rest/metadata/…: the REST routes of every domain that has some (domains.ts), in Twenty 2.x's
// shapes: lists as `{data:[…], pageInfo, totalCount}` (metadataListEnvelope), single items as
// bare objects; errors go to the mount's REST renderer.
import express, { type Router } from 'express';
import { AppError } from '../../core/errors.ts';
import type { MetadataApiDeps } from './context.ts';
import { METADATA_DOMAINS } from './domains.ts';
import { restKit } from './rest-kit.ts';

export function metadataRestRouter(deps: MetadataApiDeps): Router {
  const router = express.Router();
  const kit = restKit(deps);
  for (const domain of METADATA_DOMAINS) domain.rest?.routes(router, kit);
  const resources = METADATA_DOMAINS.flatMap((domain) => domain.rest?.resources ?? []);
  const hint = `Metadata routes are ${resources.map((r) => `/rest/metadata/${r}[/:id]`).join(', ').replace(/, ([^,]*)$/, ' and $1')}.`;
  router.use(kit.route(404, async (req) => {
    throw new AppError('NOT_FOUND', `Cannot ${req.method} /rest/metadata${req.path}.`, { hint });
  }));
  return router;
}
