import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { assertPortFree, freePort } from '../../src/core/provision/free-port.ts';

test('freePort returns a port that can be bound on 127.0.0.1', async () => {
  const port = await freePort();
  assert.ok(port > 0 && port < 65536);
  await assertPortFree(port, 'test server');
});

test('assertPortFree fails with SERVICE_UNAVAILABLE naming the port when something listens on it', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    await assert.rejects(assertPortFree(port, 'test server'), (error: { code?: string; message?: string }) => {
      assert.equal(error.code, 'SERVICE_UNAVAILABLE');
      assert.match(error.message ?? '', new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is taken`));
      return true;
    });
  } finally {
    server.close();
  }
});
