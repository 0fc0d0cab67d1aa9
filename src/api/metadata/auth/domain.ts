import type { MetadataDomain } from '../domain.ts';
import { authResolvers } from './resolvers.ts';
import { authTypeDefs } from './type-defs.ts';

export const authDomain: MetadataDomain = { name: 'auth', typeDefs: authTypeDefs, resolvers: authResolvers };
