import { describe, it, expect } from 'vitest';
import { Backoff } from '~/cluster/kubelet/backoff';

describe('kubelet restart back-off (flowcontrol.Backoff, 10s ×2 cap 300s, reset after 600s)', () => {
  it('first restart is immediate, then 10s, 20s, 40s … 300s', () => {
    let now = 0;
    const b = new Backoff(() => now);
    const waits: number[] = [];
    let finished = 0;
    for (let i = 0; i < 8; i++) {
      // the container crashes right after each start
      let wait = 0;
      while (b.isInBackOffSince('c', finished)) {
        now += 1000;
        wait += 1000;
      }
      waits.push(wait / 1000);
      b.next('c', finished);
      finished = now;
    }
    expect(waits).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
  });
  it('an entry quiet for more than 600s resets to the initial delay', () => {
    let now = 0;
    const b = new Backoff(() => now);
    b.next('c', 0);
    now = 5_000;
    b.next('c', 5_000); // 20s
    now = 700_000; // ran ~11 minutes
    expect(b.isInBackOffSince('c', now)).toBe(false);
    b.next('c', now);
    expect(b.get('c')).toBe(10_000);
  });
});
