/**
 * Virtual clock + timer queue. All model time flows through here, so a lab can be paused,
 * fast-forwarded and replayed deterministically. Times are milliseconds since the cluster epoch.
 */
export type TimerId = number;

interface Timer {
  id: TimerId;
  at: number;
  seq: number;
  fn: () => void;
}

/** Binary min-heap on (at, seq): equal times fire in scheduling order, which keeps runs deterministic. */
class TimerHeap {
  private items: Timer[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Timer | undefined {
    return this.items[0];
  }
  push(t: Timer): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): Timer | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class VirtualClock {
  private t: number;
  private seq = 0;
  private heap = new TimerHeap();
  private cancelled = new Set<TimerId>();
  /** Called after every timer callback; the cluster uses it to drain controller work queues. */
  afterEach: (() => void) | null = null;

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** Run fn at virtual time `at` (clamped to now). */
  at(at: number, fn: () => void): TimerId {
    const id = ++this.seq;
    this.heap.push({ id, at: Math.max(at, this.t), seq: id, fn });
    return id;
  }

  after(ms: number, fn: () => void): TimerId {
    return this.at(this.t + ms, fn);
  }

  cancel(id: TimerId | undefined | null): void {
    if (id != null) this.cancelled.add(id);
  }

  /** Time of the next pending timer, or Infinity. */
  nextAt(): number {
    this.dropCancelled();
    return this.heap.peek()?.at ?? Infinity;
  }

  /** Fire every timer due at or before `target`, in order, then set now = target. */
  advanceTo(target: number): void {
    for (;;) {
      this.dropCancelled();
      const next = this.heap.peek();
      if (!next || next.at > target) break;
      this.heap.pop();
      this.t = next.at;
      next.fn();
      this.afterEach?.();
    }
    if (target > this.t) this.t = target;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.t + ms);
  }

  private dropCancelled(): void {
    let top = this.heap.peek();
    while (top && this.cancelled.has(top.id)) {
      this.heap.pop();
      this.cancelled.delete(top.id);
      top = this.heap.peek();
    }
  }
}
