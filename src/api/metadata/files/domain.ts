import type { MetadataDomain } from '../domain.ts';
import { fileUploadResolvers, fileUploadTypeDefs } from './resolvers.ts';

export const filesDomain: MetadataDomain = { name: 'files', typeDefs: fileUploadTypeDefs, resolvers: fileUploadResolvers };
