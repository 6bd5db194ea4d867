/**
 * printPod from k/k pkg/printers/internalversion/printers.go (k8s-facts §1.3), line by line.
 */
import { humanDuration } from '../duration';

export interface PodRow {
  NAME: string;
  READY: string;
  STATUS: string;
  RESTARTS: string;
  AGE: string;
  IP: string;
  NODE: string;
  'NOMINATED NODE': string;
  'READINESS GATES': string;
  /** TableRowCondition the server attaches for terminal pods. */
  rowCondition?: { type: 'Completed'; status: 'True'; reason: 'Succeeded' | 'Failed'; message: string };
}

function t(s: string | undefined | null): number | undefined {
  if (!s) return undefined;
  const v = Date.parse(s);
  return Number.isNaN(v) ? undefined : v;
}

/** `nowMs`: wall-clock epoch ms (AGE and "x ago" are relative to it). */
export function printPod(pod: any, nowMs: number): PodRow {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  const initContainers: any[] = spec.initContainers ?? [];
  const sidecarNames = new Set(initContainers.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const totalContainers = (spec.containers ?? []).length + sidecarNames.size;
  let readyContainers = 0;
  let lastRestartDate: number | undefined;
  let lastRestartableInitDate: number | undefined;

  let reason: string = status.phase ?? '';
  if (status.reason) reason = status.reason;
  for (const c of status.conditions ?? []) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';

  let initializing = false;
  const ics: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < ics.length; i++) {
    const container = ics[i];
    restarts += container.restartCount ?? 0;
    const lt = t(container.lastState?.terminated?.finishedAt);
    if (lt !== undefined && (lastRestartDate === undefined || lt > lastRestartDate)) lastRestartDate = lt;
    const isSidecar = sidecarNames.has(container.name);
    if (isSidecar) {
      restartableInitRestarts += container.restartCount ?? 0;
      if (lt !== undefined && (lastRestartableInitDate === undefined || lt > lastRestartableInitDate)) lastRestartableInitDate = lt;
    }
    const st = container.state ?? {};
    if (st.terminated && st.terminated.exitCode === 0) continue;
    if (isSidecar && container.started) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (st.terminated) {
      if (!st.terminated.reason) {
        reason = st.terminated.signal ? `Init:Signal:${st.terminated.signal}` : `Init:ExitCode:${st.terminated.exitCode}`;
      } else reason = `Init:${st.terminated.reason}`;
      initializing = true;
    } else if (st.waiting && st.waiting.reason && st.waiting.reason !== 'PodInitializing') {
      reason = `Init:${st.waiting.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
      initializing = true;
    }
    break;
  }

  const initialized = (status.conditions ?? []).some((c: any) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestartDate = lastRestartableInitDate;
    let hasRunning = false;
    const cs: any[] = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const container = cs[i];
      restarts += container.restartCount ?? 0;
      const lt = t(container.lastState?.terminated?.finishedAt);
      if (lt !== undefined && (lastRestartDate === undefined || lt > lastRestartDate)) lastRestartDate = lt;
      const st = container.state ?? {};
      if (st.waiting && st.waiting.reason) reason = st.waiting.reason;
      else if (st.terminated && st.terminated.reason) reason = st.terminated.reason;
      else if (st.terminated && !st.terminated.reason) reason = st.terminated.signal ? `Signal:${st.terminated.signal}` : `ExitCode:${st.terminated.exitCode}`;
      else if (container.ready && st.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  const phase = status.phase;
  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== undefined) restartsStr = `${restarts} (${humanDuration((nowMs - lastRestartDate) / 1000)} ago)`;

  const created = t(pod.metadata?.creationTimestamp);
  const gates: any[] = spec.readinessGates ?? [];
  let gatesStr = '<none>';
  if (gates.length) {
    const trueCount = gates.filter((g) => (status.conditions ?? []).some((c: any) => c.type === g.conditionType && c.status === 'True')).length;
    gatesStr = `${trueCount}/${gates.length}`;
  }
  const row: PodRow = {
    NAME: pod.metadata?.name ?? '',
    READY: `${readyContainers}/${totalContainers}`,
    STATUS: reason,
    RESTARTS: restartsStr,
    AGE: created === undefined ? '<unknown>' : humanDuration((nowMs - created) / 1000),
    IP: status.podIPs?.[0]?.ip ?? status.podIP ?? '<none>',
    NODE: spec.nodeName || '<none>',
    'NOMINATED NODE': status.nominatedNodeName || '<none>',
    'READINESS GATES': gatesStr,
  };
  if (phase === 'Succeeded' || phase === 'Failed') row.rowCondition = { type: 'Completed', status: 'True', reason: phase, message: phase === 'Succeeded' ? 'The pod has completed successfully.' : 'The pod failed.' };
  return row;
}
