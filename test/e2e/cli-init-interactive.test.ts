// `twenty init` with a person at the terminal: the real CLI in a tmux pane, answering its
// prompts (service choice, URLs, workspace, admin) as a user would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, TEST_REDIS_URL, uniqueName } from '../helpers/services.ts';
import { BIN, cliEnv, runCli, tempHome } from '../helpers/cli.ts';

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

async function waitForScreen(session: string, text: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < deadline) {
    screen = tmux('capture-pane', '-p', '-t', session);
    if (screen.includes(text)) return screen;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`"${text}" never appeared; the screen was:\n${screen}`);
}

test('interactive init asks for the services, workspace and admin, then sets everything up', { skip: hasTmux ? false : 'tmux is not installed' }, async () => {
  const { url } = await createTestDatabase();
  const home = tempHome();
  const session = uniqueName('twenty_init');
  // CI is set for tests; a person's terminal has none, and init must see a TTY to prompt.
  const command = `env -u CI TWENTY_HOME='${home}' API_RATE_LIMITING_LONG_LIMIT=1000 '${BIN}' init; echo "EXIT=$?"; sleep 60`;
  tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', command);
  try {
    await waitForScreen(session, 'PostgreSQL');
    tmux('send-keys', '-t', session, 'Down', 'Down', 'Enter');
    await waitForScreen(session, 'PostgreSQL URL');
    tmux('send-keys', '-t', session, '-l', url);
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(session, 'Redis');
    tmux('send-keys', '-t', session, 'Down', 'Down', 'Enter');
    await waitForScreen(session, 'Redis URL');
    tmux('send-keys', '-t', session, '-l', TEST_REDIS_URL);
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(session, 'Name of the first workspace');
    tmux('send-keys', '-t', session, '-l', 'Interactive Co');
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(session, 'Admin email');
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(session, 'Admin password');
    tmux('send-keys', '-t', session, '-l', 'correct-horse-battery');
    tmux('send-keys', '-t', session, 'Enter');
    const screen = await waitForScreen(session, 'EXIT=', 60_000);
    assert.match(screen, /EXIT=0/, screen);
    assert.match(screen, /API key \(shown once\)/);
  } finally {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
  }
  assert.ok(existsSync(join(home, 'config.json')));
  const list = await runCli(['workspace', 'list', '--json'], cliEnv({ TWENTY_HOME: home }));
  assert.deepEqual(list.json?.data?.workspaces.map((w: { displayName: string }) => w.displayName), ['Interactive Co']);
});
