// The JSON body of a webhook call, exactly Twenty's shape (spec §6): the job data minus the
// secret. Keys are in Twenty's order so bodies compare equal byte for byte.
import type { StoredEvent } from './outbox.ts';

export interface WebhookPayload {
  targetUrl: string;
  eventName: string;
  objectMetadata: { id: string | null; nameSingular: string };
  workspaceId: string;
  webhookId: string;
  eventDate: string;
  userId?: string;
  workspaceMemberId?: string;
  record: Record<string, unknown>;
  updatedFields?: string[];
}

export function webhookPayload(event: StoredEvent, webhook: { id: string; targetUrl: string }): WebhookPayload {
  const { userId, workspaceMemberId } = event.actor;
  const { updatedFields } = event.payload;
  return {
    targetUrl: webhook.targetUrl,
    eventName: event.name,
    objectMetadata: { id: event.objectMetadataId, nameSingular: event.objectName },
    workspaceId: event.workspaceId,
    webhookId: webhook.id,
    eventDate: new Date(event.createdAt).toISOString(),
    ...(userId ? { userId } : {}),
    ...(workspaceMemberId ? { workspaceMemberId } : {}),
    record: event.payload.record ?? event.payload.after ?? event.payload.before ?? {},
    ...(updatedFields && updatedFields.length > 0 ? { updatedFields } : {}),
  };
}
