// Twenty's webhook signature (spec §6): hex HMAC-SHA256(secret, "<timestamp>:<body>") where
// body is the exact JSON text sent, so receivers can verify the raw bytes they got.
import { createHmac, randomBytes } from 'node:crypto';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}:${body}`).digest('hex');
}

export interface SignedHeaders {
  'Content-Type': 'application/json';
  'X-Twenty-Webhook-Timestamp': string;
  'X-Twenty-Webhook-Signature': string;
  'X-Twenty-Webhook-Nonce': string;
  'X-Twenty-Webhook-Event-Id': string;
  'X-Twenty-Webhook-Delivery-Id': string;
}

/** Headers for one attempt: a fresh timestamp and nonce, the same event and delivery ids every time. */
export function webhookHeaders(args: { secret: string; body: string; eventId: string; deliveryId: string; now?: number }): SignedHeaders {
  const timestamp = String(args.now ?? Date.now());
  return {
    'Content-Type': 'application/json',
    'X-Twenty-Webhook-Timestamp': timestamp,
    'X-Twenty-Webhook-Signature': signWebhook(args.secret, timestamp, args.body),
    'X-Twenty-Webhook-Nonce': randomBytes(16).toString('hex'),
    'X-Twenty-Webhook-Event-Id': args.eventId,
    'X-Twenty-Webhook-Delivery-Id': args.deliveryId,
  };
}
