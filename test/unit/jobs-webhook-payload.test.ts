import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutboundResult } from '../../src/jobs/outbound-http.ts';
import type { StoredEvent } from '../../src/jobs/outbox.ts';
import { retryDelayMs, webhookBackoff, webhookJobId } from '../../src/jobs/queues.ts';
import { cachedRecordName, timelineProperties } from '../../src/jobs/timeline.ts';
import { classifyOutcome } from '../../src/jobs/webhook-delivery.ts';
import { webhookPayload } from '../../src/jobs/webhook-payload.ts';

const event: StoredEvent = {
  id: '11111111-1111-4111-8111-111111111111',
  workspaceId: '22222222-2222-4222-8222-222222222222',
  name: 'person.updated',
  objectMetadataId: '33333333-3333-4333-8333-333333333333',
  objectName: 'person',
  recordId: '44444444-4444-4444-8444-444444444444',
  payload: { record: { id: '4444', city: 'Paris' }, before: { id: '4444', city: 'Lyon' }, after: { id: '4444', city: 'Paris' }, updatedFields: ['city'] },
  actor: { userId: 'u1', workspaceMemberId: 'm1' },
  createdAt: new Date('2025-01-02T03:04:05.678Z'),
};

describe('webhook payload', () => {
  it("has Twenty's keys in Twenty's order and no secret", () => {
    const payload = webhookPayload(event, { id: 'w1', targetUrl: 'https://example.com/hook' });
    assert.deepEqual(Object.keys(payload), ['targetUrl', 'eventName', 'objectMetadata', 'workspaceId', 'webhookId', 'eventDate', 'userId', 'workspaceMemberId', 'record', 'updatedFields']);
    assert.deepEqual(payload, {
      targetUrl: 'https://example.com/hook',
      eventName: 'person.updated',
      objectMetadata: { id: event.objectMetadataId, nameSingular: 'person' },
      workspaceId: event.workspaceId,
      webhookId: 'w1',
      eventDate: '2025-01-02T03:04:05.678Z',
      userId: 'u1',
      workspaceMemberId: 'm1',
      record: { id: '4444', city: 'Paris' },
      updatedFields: ['city'],
    });
    assert.doesNotMatch(JSON.stringify(payload), /secret/);
  });

  it('leaves out the actor ids and updatedFields when there are none', () => {
    const payload = webhookPayload({ ...event, name: 'person.created', actor: {}, payload: { ...event.payload, before: null, updatedFields: null } }, { id: 'w1', targetUrl: 'https://x.test/' });
    assert.deepEqual(Object.keys(payload), ['targetUrl', 'eventName', 'objectMetadata', 'workspaceId', 'webhookId', 'eventDate', 'record']);
  });
});

const response = (status: number, headers: Record<string, string> = {}): OutboundResult => ({ kind: 'response', url: 'https://x.test/', status, headers, body: 'nope' });

describe('delivery outcome', () => {
  it('counts 2xx as delivered', () => {
    assert.deepEqual(classifyOutcome(response(204)), { kind: 'delivered', statusCode: 204 });
  });

  it('retries 408, 429, 5xx and network failures', () => {
    for (const status of [408, 429, 500, 502, 503]) assert.equal(classifyOutcome(response(status)).kind, 'retry', String(status));
    assert.equal(classifyOutcome({ kind: 'failed', url: 'u', error: 'ECONNREFUSED', timedOut: false }).kind, 'retry');
    assert.equal(classifyOutcome({ kind: 'failed', url: 'u', error: 'no response', timedOut: true, code: 'TIMEOUT' }).kind, 'retry');
  });

  it('gives up at once on other 4xx, on 3xx and on blocked addresses', () => {
    for (const status of [400, 401, 403, 404, 410, 422, 302]) assert.equal(classifyOutcome(response(status)).kind, 'permanent', String(status));
    assert.deepEqual(classifyOutcome({ kind: 'blocked', url: 'u', reason: '127.0.0.1 is a loopback address' }), { kind: 'permanent', error: 'blocked: 127.0.0.1 is a loopback address' });
  });

  it("honours the receiver's Retry-After", () => {
    const outcome = classifyOutcome(response(429, { 'retry-after': '120' }));
    assert.equal(outcome.kind === 'retry' && outcome.retryAfterMs, 120_000);
  });
});

describe('retry backoff', () => {
  const policy = { attempts: 13, baseDelayMs: 30_000, jitter: 0.2 };

  it('doubles from the base delay, jitter only shortening it', () => {
    assert.equal(retryDelayMs(1, policy, () => 0), 30_000);
    assert.equal(retryDelayMs(2, policy, () => 0), 60_000);
    assert.equal(retryDelayMs(3, policy, () => 1), 96_000);
  });

  it('spreads the default attempts over more than 24 hours', () => {
    let total = 0;
    for (let n = 1; n < policy.attempts; n++) total += retryDelayMs(n, policy, () => 1);
    assert.ok(total >= 24 * 3600 * 1000, `total ${total}`);
  });

  it('lets the processor choose the delay it recorded as nextAttemptAt', async () => {
    const strategy = webhookBackoff(policy);
    assert.equal(await strategy(3, 'webhook', Object.assign(new Error('x'), { retryDelayMs: 1234 })), 1234);
    const fallback = await strategy(1, 'webhook', new Error('x'));
    assert.ok(fallback >= 24_000 && fallback <= 30_000);
  });

  it('names webhook jobs without ":" (BullMQ refuses it in custom ids)', () => {
    assert.equal(webhookJobId('e', 'w'), 'e.w');
  });
});

describe('timeline properties', () => {
  it('keeps before, after, updatedFields and a per-field diff for updates', () => {
    assert.deepEqual(timelineProperties(event.payload), {
      before: { id: '4444', city: 'Lyon' },
      after: { id: '4444', city: 'Paris' },
      updatedFields: ['city'],
      diff: { city: { before: 'Lyon', after: 'Paris' } },
    });
  });

  it('keeps only the record for creations', () => {
    assert.deepEqual(timelineProperties({ record: { id: '1' }, before: null, after: { id: '1' }, updatedFields: null }), { after: { id: '1' } });
  });

  it('caches the label identifier, joining a full name', () => {
    assert.equal(cachedRecordName({ name: 'Acme' }, 'name'), 'Acme');
    assert.equal(cachedRecordName({ name: { firstName: 'Ada', lastName: 'Lovelace' } }, 'name'), 'Ada Lovelace');
    assert.equal(cachedRecordName({ nameFirstName: 'Ada', nameLastName: '' }, 'name'), 'Ada');
    assert.equal(cachedRecordName({ name: 'Acme' }, null), null);
  });
});
