import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frontends, type FrontendId } from '../../src/frontends/registry.ts';
import { computeFrames } from '../../src/frontends/types.ts';

for (const id of Object.keys(frontends) as FrontendId[]) {
  test(`frontend '${id}': its id is its registry key, and it streams without recomputation`, () => {
    const frontend = frontends[id]();
    assert.equal(frontend.id, id);
    assert.equal(frontend.describe().id, id);
    const samples = Float32Array.from({ length: frontend.sampleRate }, (_, i) => 0.3 * Math.sin(i / 5) + 0.1 * Math.sin(i / 71));
    const whole = computeFrames(frontend, samples);
    assert.ok(whole.length > 0 && whole.every((f) => f.length === frontend.bins && f.every(Number.isFinite)));
    const streamed = frontends[id]();
    const pieces: Float32Array[] = [];
    for (let i = 0; i < samples.length; i += 1001) pieces.push(...streamed.push(samples.subarray(i, i + 1001)));
    assert.deepEqual(pieces, whole);
    // Two instances used in turns share no state.
    const [a, b] = [frontends[id](), frontends[id]()];
    const noise = samples.map((x, i) => x * Math.cos(i / 3));
    const [fromA, fromB]: Float32Array[][] = [[], []];
    for (let i = 0; i < samples.length; i += 2000) {
      fromA.push(...a.push(samples.subarray(i, i + 2000)));
      fromB.push(...b.push(noise.subarray(i, i + 2000)));
    }
    assert.deepEqual(fromA, whole);
    assert.deepEqual(fromB, computeFrames(frontends[id](), noise));
  });
}
