/**
 * PID namespaces. Each container gets its own (its process is PID 1) unless the pod sets
 * shareProcessNamespace (one namespace, the pause process is PID 1) or an ephemeral container
 * targets a container (it joins that container's namespace), as containerd does.
 */
import type { Process, ProcInfo, Signal } from '../shell/types';

interface Entry {
  info: ProcInfo;
  proc?: Process;
  argv?: string[];
}

export class PidNamespace {
  private next = 1;
  private procs = new Map<number, Entry>();

  alloc(): number {
    return this.next++;
  }

  add(pid: number, info: Omit<ProcInfo, 'pid'>, proc?: Process, argv?: string[]): void {
    this.procs.set(pid, { info: { pid, ...info }, proc, argv });
    if (pid >= this.next) this.next = pid + 1;
  }

  remove(pid: number): void {
    this.procs.delete(pid);
  }

  /** /proc/PID/cmdline: NUL-separated argv, as the kernel shows it. */
  cmdline(pid: number): string | undefined {
    const e = this.procs.get(pid);
    if (!e) return undefined;
    return (e.argv ?? e.info.cmdline.split(' ')).join('\0') + '\0';
  }

  list(): ProcInfo[] {
    return [...this.procs.values()].map((e) => ({ ...e.info, cpuMs: e.proc ? e.proc.cpuMs() : e.info.cpuMs }));
  }

  /**
   * kill(2) from a process inside this namespace. The kernel protects the namespace's init: PID 1
   * only gets signals it has a handler for, so SIGKILL (which cannot be caught) is ignored.
   */
  kill(pid: number, sig: Signal): boolean {
    const e = this.procs.get(pid);
    if (!e) return false;
    if (pid === 1 && sig === 'SIGKILL') return true;
    e.proc?.signal(sig);
    return true;
  }
}
