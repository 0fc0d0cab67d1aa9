import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { verifyTwentyWebhook } from '../../src/jobs/verify-webhook.ts';
import { signWebhook, webhookHeaders } from '../../src/jobs/webhook-signature.ts';

const secret = 'whsec_test';
const body = JSON.stringify({ eventName: 'company.created', record: { id: '1', name: 'Acme' } });
const now = 1_750_000_000_000;
const timestamp = String(now);

describe('webhook signature', () => {
  it('is hex HMAC-SHA256 of "timestamp:body" with the secret, as Twenty signs', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}:${body}`).digest('hex');
    assert.equal(signWebhook(secret, timestamp, body), expected);
  });

  it('verifies a valid signature on the raw body', () => {
    const signature = signWebhook(secret, timestamp, body);
    assert.equal(verifyTwentyWebhook({ secret, timestamp, signature, rawBody: body, now }), true);
    assert.equal(verifyTwentyWebhook({ secret, timestamp, signature, rawBody: Buffer.from(body), now }), true);
  });

  it('rejects a tampered body', () => {
    const signature = signWebhook(secret, timestamp, body);
    assert.equal(verifyTwentyWebhook({ secret, timestamp, signature, rawBody: body.replace('Acme', 'Acme2'), now }), false);
  });

  it('rejects a signature made with another secret', () => {
    const signature = signWebhook('other', timestamp, body);
    assert.equal(verifyTwentyWebhook({ secret, timestamp, signature, rawBody: body, now }), false);
  });

  it('rejects a timestamp older than five minutes, and one too far in the future', () => {
    const old = String(now - 5 * 60 * 1000 - 1);
    assert.equal(verifyTwentyWebhook({ secret, timestamp: old, signature: signWebhook(secret, old, body), rawBody: body, now }), false);
    const future = String(now + 5 * 60 * 1000 + 1);
    assert.equal(verifyTwentyWebhook({ secret, timestamp: future, signature: signWebhook(secret, future, body), rawBody: body, now }), false);
    const recent = String(now - 60_000);
    assert.equal(verifyTwentyWebhook({ secret, timestamp: recent, signature: signWebhook(secret, recent, body), rawBody: body, now }), true);
  });

  it('rejects a signature re-used with another timestamp', () => {
    const signature = signWebhook(secret, timestamp, body);
    assert.equal(verifyTwentyWebhook({ secret, timestamp: String(now + 1), signature, rawBody: body, now }), false);
  });

  it('rejects missing or malformed headers', () => {
    const signature = signWebhook(secret, timestamp, body);
    assert.equal(verifyTwentyWebhook({ secret, timestamp: undefined, signature, rawBody: body, now }), false);
    assert.equal(verifyTwentyWebhook({ secret, timestamp, signature: null, rawBody: body, now }), false);
    assert.equal(verifyTwentyWebhook({ secret, timestamp, signature: signature.slice(2), rawBody: body, now }), false);
    assert.equal(verifyTwentyWebhook({ secret, timestamp: 'yesterday', signature, rawBody: body, now }), false);
    assert.equal(verifyTwentyWebhook({ secret: '', timestamp, signature, rawBody: body, now }), false);
  });

  it('builds headers whose signature the shipped verifier accepts, with the event and delivery ids', () => {
    const headers = webhookHeaders({ secret, body, eventId: 'evt', deliveryId: 'dlv', now });
    assert.equal(headers['Content-Type'], 'application/json');
    assert.equal(headers['X-Twenty-Webhook-Timestamp'], timestamp);
    assert.match(headers['X-Twenty-Webhook-Nonce'], /^[0-9a-f]{32}$/);
    assert.equal(headers['X-Twenty-Webhook-Event-Id'], 'evt');
    assert.equal(headers['X-Twenty-Webhook-Delivery-Id'], 'dlv');
    assert.equal(
      verifyTwentyWebhook({ secret, timestamp: headers['X-Twenty-Webhook-Timestamp'], signature: headers['X-Twenty-Webhook-Signature'], rawBody: body, now }),
      true,
    );
    assert.notEqual(webhookHeaders({ secret, body, eventId: 'evt', deliveryId: 'dlv', now })['X-Twenty-Webhook-Nonce'], headers['X-Twenty-Webhook-Nonce']);
  });
});
