// Webhooks on /metadata (`webhooks`, `webhook`, `createWebhook`, `updateWebhook`,
// `deleteWebhook`) and /rest/metadata/webhooks, guarded by API_KEYS_AND_WEBHOOKS. The signing
// secret is write-only: the caller chooses it (as Twenty's clients do) and no output has it.
import { AppError } from '../../../core/errors.ts';
import { requireFlag } from '../../../auth/permissions.ts';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook, type Webhook, type WebhookInput } from '../../../jobs/webhooks-store.ts';
import type { MetadataContext } from '../context.ts';

export const webhookTypeDefs = /* GraphQL */ `
  type Webhook {
    id: UUID!
    targetUrl: String!
    operations: [String!]!
    description: String
    createdAt: String!
    updatedAt: String!
  }
  input CreateWebhookInput { targetUrl: String!, operations: [String!], description: String, secret: String! }
  input UpdateWebhookInput { id: UUID!, targetUrl: String, operations: [String!], description: String, secret: String }
  extend type Query {
    webhooks: [Webhook!]!
    webhook(id: UUID!): Webhook
  }
  extend type Mutation {
    createWebhook(input: CreateWebhookInput!): Webhook!
    updateWebhook(input: UpdateWebhookInput!): Webhook!
    deleteWebhook(id: UUID!): Webhook!
  }
`;

export function webhookView(webhook: Webhook) {
  return {
    id: webhook.id,
    targetUrl: webhook.targetUrl,
    operations: webhook.operations,
    description: webhook.description,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

const KEYS = ['targetUrl', 'operations', 'description', 'secret'] as const;

/** A REST body as webhook input; unknown keys are refused rather than ignored. */
export function webhookInput(body: unknown, partial = false): WebhookInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('BAD_USER_INPUT', 'The body must be a JSON object.');
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length) throw new AppError('BAD_USER_INPUT', `Unknown webhook propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map((k) => `"${k}"`).join(', ')}; use ${KEYS.join(', ')}.`);
  if (!partial && typeof input.targetUrl !== 'string') throw new AppError('BAD_USER_INPUT', '"targetUrl" is required.');
  if (!partial && (typeof input.secret !== 'string' || input.secret.length < 16)) {
    throw new AppError('BAD_USER_INPUT', '"secret" is required: at least 16 characters, used to sign every delivery.');
  }
  if (input.operations !== undefined && (!Array.isArray(input.operations) || input.operations.some((o) => typeof o !== 'string'))) {
    throw new AppError('BAD_USER_INPUT', '"operations" must be a list of strings such as "company.created" or "*.*".');
  }
  return input as unknown as WebhookInput;
}

async function workspaceOf(ctx: MetadataContext): Promise<string> {
  const { workspaceId } = await ctx.workspace();
  requireFlag(ctx.permissions, 'API_KEYS_AND_WEBHOOKS');
  return workspaceId;
}

export const webhookResolvers = {
  Query: {
    webhooks: async (_: unknown, __: unknown, ctx: MetadataContext) => (await listWebhooks(ctx.db, await workspaceOf(ctx))).map((w) => webhookView(w)),
    webhook: async (_: unknown, args: { id: string }, ctx: MetadataContext) => webhookView(await getWebhook(ctx.db, await workspaceOf(ctx), args.id)),
  },
  Mutation: {
    createWebhook: async (_: unknown, { input }: { input: WebhookInput }, ctx: MetadataContext) => webhookView(await createWebhook(ctx.db, await workspaceOf(ctx), input)),
    updateWebhook: async (_: unknown, { input }: { input: WebhookInput & { id: string } }, ctx: MetadataContext) => {
      const { id, ...patch } = input;
      return webhookView(await updateWebhook(ctx.db, await workspaceOf(ctx), id, patch));
    },
    deleteWebhook: async (_: unknown, args: { id: string }, ctx: MetadataContext) => webhookView(await deleteWebhook(ctx.db, await workspaceOf(ctx), args.id)),
  },
};
