/**
 * Port of client-go util/flowcontrol Backoff as the kubelet configures it for container restarts
 * (kubelet.go newCrashLoopBackOff): initial 10s, ×2, cap 300s, and an entry expires once the
 * container has been quiet for 600s since the last backoff update.
 */
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
export const BACKOFF_RESET_MS = 600_000;

interface Entry {
  backoff: number;
  lastUpdate: number;
}

export class Backoff {
  private entries = new Map<string, Entry>();
  constructor(
    private readonly now: () => number,
    private readonly initial = INITIAL_BACKOFF_MS,
    private readonly max = MAX_BACKOFF_MS,
    private readonly resetAfter = BACKOFF_RESET_MS,
  ) {}

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > this.resetAfter;
  }

  /** Record a restart at `eventTime`: first (or expired) → initial delay, else double up to the cap. */
  next(id: string, eventTime: number): void {
    const e = this.entries.get(id);
    if (!e || this.expired(eventTime, e)) {
      this.entries.set(id, { backoff: this.initial, lastUpdate: this.now() });
      return;
    }
    e.backoff = Math.min(e.backoff * 2, this.max);
    e.lastUpdate = this.now();
  }

  /** Is a restart still held back? `eventTime` is when the container last finished. */
  isInBackOffSince(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.expired(eventTime, e)) return false;
    return this.now() - eventTime < e.backoff;
  }

  /** Current delay for an id (for the CrashLoopBackOff message), 0 if none. */
  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  /** When the hold on `id` (finished at `eventTime`) ends. */
  releaseAt(id: string, eventTime: number): number {
    const e = this.entries.get(id);
    return e ? eventTime + e.backoff : eventTime;
  }

  reset(id: string): void {
    this.entries.delete(id);
  }
}
