/**
 * Micro-benchmarks for the loop containers run most. They print real-time figures and only assert
 * on output counts (never on time), so they are safe on slow CI machines.
 */
import { expect, it } from 'vitest';
import { spawnProcess } from '~/cluster/shell';
import { makeHost } from './helpers';

const LOOP = 'while true; do echo tick; sleep 1; done';

it('benchmark: µs of real CPU per `echo tick; sleep 1` iteration', () => {
  const h = makeHost();
  let ticks = 0;
  const p = spawnProcess(h.host, { argv: ['sh', '-c', LOOP], io: { stdout: () => ticks++, stderr: () => {} }, onExit: () => {} });
  p.start();
  h.clock.advanceBy(1000); // warm-up
  const iters = 200_000;
  const t0 = performance.now();
  h.clock.advanceBy(iters * 1000);
  const us = ((performance.now() - t0) * 1000) / iters;
  console.log(`shell loop: ${us.toFixed(2)} µs per iteration (${iters} iterations, incl. clock)`);
  expect(ticks).toBe(iters + 2);
  expect(p.cpuMs()).toBeLessThan(iters * 0.05); // ~0.03 ms virtual CPU per iteration
});

it('benchmark: 100 such processes for 10 virtual minutes', () => {
  const h = makeHost();
  let lines = 0;
  for (let i = 0; i < 100; i++) {
    spawnProcess(h.host, { argv: ['sh', '-c', LOOP], io: { stdout: () => lines++, stderr: () => {} }, onExit: () => {}, pid: 1 }).start();
  }
  const t0 = performance.now();
  h.clock.advanceBy(600_000);
  console.log(`100 procs × 600 s virtual: ${(performance.now() - t0).toFixed(0)} ms real (${lines} lines)`);
  expect(lines).toBe(100 * 601);
});
