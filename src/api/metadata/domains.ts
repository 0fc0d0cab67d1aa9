// Every /metadata domain, in the order their types appear in the schema. A new domain is one
// line here and its own folder.
import type { MetadataDomain } from './domain.ts';
import { dataModelDomain } from './data-model/domain.ts';
import { authDomain } from './auth/domain.ts';
import { apiKeysDomain } from './api-keys/domain.ts';
import { rolesPermissionsDomain } from './roles-permissions/domain.ts';
import { webhooksDomain } from './webhooks/domain.ts';
import { filesDomain } from './files/domain.ts';

export const METADATA_DOMAINS: readonly MetadataDomain[] = [dataModelDomain, authDomain, apiKeysDomain, rolesPermissionsDomain, webhooksDomain, filesDomain];
