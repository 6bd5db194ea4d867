/**
 * Port of the kubelet's getPhase (pkg/kubelet/kubelet_pods.go), k8s-facts §1.1.
 */
import type { ContainerStatus } from '../objects';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export function getPhase(pod: { spec?: any }, info: ContainerStatus[], podIsTerminal: boolean): PodPhase {
  const spec = pod.spec!;
  const find = (name: string) => info.find((s) => s.name === name);
  let pendingInitialization = 0;
  let failedInitialization = 0;

  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy === 'Always') continue; // sidecars are counted below
    const st = find(c.name);
    if (!st) {
      pendingInitialization++;
      continue;
    }
    const s = st.state ?? {};
    if (s.running) pendingInitialization++;
    else if (s.terminated) {
      if (s.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.waiting) {
      const lt = st.lastState?.terminated;
      if (lt) {
        if (lt.exitCode !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;

  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    const st = find(c.name);
    if (!st) {
      unknown++;
      continue;
    }
    const s = st.state ?? {};
    if (s.running) {
      if (!st.started) pendingInitialization++;
      running++;
    } else if (s.terminated) {
      // terminated sidecars do not count for the phase
    } else if (s.waiting) {
      if (!st.lastState?.terminated) {
        pendingInitialization++;
        waiting++;
      }
    } else {
      pendingInitialization++;
      unknown++;
    }
  }

  for (const c of spec.containers) {
    const st = find(c.name);
    if (!st) {
      unknown++;
      continue;
    }
    const s = st.state ?? {};
    if (s.running) running++;
    else if (s.terminated) {
      stopped++;
      if (s.terminated.exitCode === 0) succeeded++;
    } else if (s.waiting) {
      if (st.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }

  if (failedInitialization > 0 && spec.restartPolicy === 'Never') return 'Failed';

  const anyRegularStarted = spec.containers.some((c: any) => {
    const st = find(c.name);
    return !!st && (!!st.state?.running || !!st.state?.terminated || !!st.lastState?.terminated);
  });
  if ((pendingInitialization > 0 && !anyRegularStarted) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if ((spec.restartPolicy ?? 'Always') === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (spec.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
