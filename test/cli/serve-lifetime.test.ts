import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { CLI } from './run-cli.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('killing the program that started `wakeword serve` (npx, a shell) stops the server and closes its port', async (t) => {
  // A wrapper that, like npx, does not pass its signals on to the CLI it started.
  const wrapper = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} serve --port 0 & echo $!; wait`], {
    cwd: path.dirname(path.dirname(CLI)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  wrapper.stdout.on('data', (d: Buffer) => (stdout += d));
  wrapper.stderr.on('data', (d: Buffer) => (stderr += d));
  let pid = 0;
  t.after(() => {
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });
  const started = performance.now();
  let port = 0;
  while (!port) {
    assert.ok(performance.now() - started < 60_000, `serve did not start: ${stderr}`);
    await sleep(100);
    pid = Number(stdout.trim().split('\n')[0]) || 0;
    port = Number(/demo page at http:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr)?.[1] ?? 0);
  }
  assert.match(stderr, new RegExp(`kill ${pid} to stop`));
  assert.ok(await portOpen(port));
  wrapper.kill('SIGTERM');
  const killed = performance.now();
  while (alive(pid) && performance.now() - killed < 5000) await sleep(100);
  assert.ok(!alive(pid), 'the server process outlived its parent by 5 s');
  assert.equal(await portOpen(port), false);
});
