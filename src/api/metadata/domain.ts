// A /metadata domain (data model, roles and permissions, API keys, webhooks, auth, and the
// ones to come: views, users and workspace, files, workflows, SSO, connected accounts) lives in
// its own folder src/api/metadata/<domain>/ with its SDL and resolvers (and REST routes where
// Twenty has them). schema.ts merges the domains listed in domains.ts into one schema: adding a
// domain is a new folder and one line there, touching no other domain's file.
import type { IResolvers } from '@graphql-tools/utils';
import type { Router } from 'express';
import type { RestKit } from './rest-kit.ts';

export interface MetadataDomain {
  name: string;
  /** SDL; `type Query` / `type Mutation` blocks of all domains are merged. */
  typeDefs: string;
  resolvers: IResolvers;
  /** Its /rest/metadata resources (e.g. `objects`) and the routes serving them, if any. */
  rest?: { resources: string[]; routes: (router: Router, kit: RestKit) => void };
}
