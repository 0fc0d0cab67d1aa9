// The receiver side, shipped for people who consume our webhooks: verify a Twenty signature on
// the raw request body. Self-contained (node:crypto only) so it can be copied into a receiver.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface VerifyTwentyWebhookArgs {
  secret: string;
  /** The X-Twenty-Webhook-Timestamp header (ms since the epoch). */
  timestamp: string | undefined | null;
  /** The X-Twenty-Webhook-Signature header (hex). */
  signature: string | undefined | null;
  /** The body exactly as received: verify before parsing, a re-serialised JSON may differ. */
  rawBody: string | Buffer;
  /** Older (or further in the future) than this is rejected, against replays. */
  toleranceMs?: number;
  now?: number;
}

export function verifyTwentyWebhook(args: VerifyTwentyWebhookArgs): boolean {
  const { secret, timestamp, signature } = args;
  if (!secret || !timestamp || !signature || !/^\d{1,16}$/.test(timestamp) || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const age = Math.abs((args.now ?? Date.now()) - Number(timestamp));
  if (age > (args.toleranceMs ?? 5 * 60 * 1000)) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}:`).update(args.rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
