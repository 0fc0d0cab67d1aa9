// One log line per outage: failures after the first only count, and the outage ends (one
// recovery line) only after the settle period passes without a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOutage, reconnectDelayMs } from '../../src/core/outage.ts';

function recorder() {
  const lines: { level: string; msg?: string; obj: Record<string, unknown> }[] = [];
  return { lines, log: { warn: (obj: Record<string, unknown>, msg?: string) => lines.push({ level: 'warn', obj, msg }), info: (obj: Record<string, unknown>, msg?: string) => lines.push({ level: 'info', obj, msg }) } };
}

test('many failures in one outage log one warning, and the recovery one line with the failure count', () => {
  const { lines, log } = recorder();
  const outage = createOutage(log, 'postgres', { pool: 'p' }, 0);
  for (let i = 0; i < 50; i += 1) outage.down(Object.assign(new Error('terminating connection'), { code: '57P01' }));
  assert.equal(lines.length, 1);
  assert.equal(lines[0].msg, 'postgres unavailable; reconnecting in the background');
  assert.deepEqual(lines[0].obj.err, { message: 'terminating connection', code: '57P01' });
  assert.equal(outage.isDown, true);
  outage.up();
  outage.up();
  assert.equal(lines.length, 2);
  assert.equal(lines[1].msg, 'postgres available again');
  assert.equal(lines[1].obj.failures, 50);
  assert.equal(outage.isDown, false);
  outage.down(new Error('again'));
  assert.equal(lines.length, 3, 'a new outage is a new line');
});

test('successes between failures during the settle period belong to the same outage', async () => {
  const { lines, log } = recorder();
  const outage = createOutage(log, 'redis', {}, 50);
  outage.down(new Error('a'));
  outage.up();
  outage.down(new Error('b'));
  outage.up();
  assert.equal(lines.length, 1, 'still one line');
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(lines.map((l) => l.msg), ['redis unavailable; reconnecting in the background', 'redis available again']);
});

test('reconnect delays grow with the attempt and stay under the cap', () => {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const delay = reconnectDelayMs(attempt, 5000);
    assert.ok(delay >= Math.min(5000, 100 * 2 ** attempt) / 2 && delay <= 5000, `${attempt}: ${delay}`);
  }
});
