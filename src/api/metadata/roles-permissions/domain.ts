import type { MetadataDomain } from '../domain.ts';
import { rolesPermissionsResolvers } from './resolvers.ts';
import { rolesPermissionsTypeDefs } from './type-defs.ts';

export const rolesPermissionsDomain: MetadataDomain = { name: 'roles-permissions', typeDefs: rolesPermissionsTypeDefs, resolvers: rolesPermissionsResolvers };
