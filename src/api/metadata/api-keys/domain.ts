import type { MetadataDomain } from '../domain.ts';
import { apiKeyRoutes } from './routes.ts';
import { apiKeysResolvers } from './resolvers.ts';
import { apiKeysTypeDefs } from './type-defs.ts';

export const apiKeysDomain: MetadataDomain = { name: 'api-keys', typeDefs: apiKeysTypeDefs, resolvers: apiKeysResolvers, rest: { resources: ['apiKeys'], routes: apiKeyRoutes } };
