import type { MetadataDomain } from '../domain.ts';
import { dataModelRoutes } from './routes.ts';
import { dataModelResolvers } from './resolvers.ts';
import { dataModelTypeDefs } from './type-defs.ts';

export const dataModelDomain: MetadataDomain = { name: 'data-model', typeDefs: dataModelTypeDefs, resolvers: dataModelResolvers, rest: { resources: ['objects', 'fields'], routes: dataModelRoutes } };
