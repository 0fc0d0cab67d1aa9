import type { MetadataDomain } from '../domain.ts';
import { webhookRoutes } from './routes.ts';
import { webhookResolvers, webhookTypeDefs } from './resolvers.ts';

export const webhooksDomain: MetadataDomain = { name: 'webhooks', typeDefs: webhookTypeDefs, resolvers: webhookResolvers, rest: { resources: ['webhooks'], routes: webhookRoutes } };
