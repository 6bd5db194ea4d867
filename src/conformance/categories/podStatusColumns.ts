/** Golden adapter: printPod (k/k printers_test.go TestPrintPod*). */
import type { CategoryChecker } from '../types';
import { printPod } from '../../kubectl/printers/pod';

const NOW = Date.UTC(2026, 0, 1);
const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 };

/** "now-10s" → an RFC 3339 time 10 s before NOW. */
function rel(v: string): string {
  const m = /^now-(\d+)([smhd])$/.exec(v);
  if (!m) throw new Error(`unsupported relative time ${v}`);
  return new Date(NOW - Number(m[1]) * UNITS[m[2]!]!).toISOString();
}

function fixTimes(o: any): any {
  if (Array.isArray(o)) return o.map(fixTimes);
  if (o && typeof o === 'object') {
    const out: any = {};
    for (const [k, v] of Object.entries(o)) out[k] = (k === 'finishedAt' || k === 'startedAt') && typeof v === 'string' ? rel(v) : fixTimes(v);
    return out;
  }
  return o;
}

/** Re-express the case's compact input as a v1 Pod. */
export function podFromCase(input: any): any {
  const init = typeof input.initContainers === 'number' ? Array.from({ length: input.initContainers }, (_, i) => ({ name: `init${i}` })) : (input.initContainers ?? []);
  return {
    metadata: { name: 'test1', ...(input.deletionTimestamp ? { deletionTimestamp: rel(input.deletionTimestamp) } : {}) },
    spec: {
      containers: Array.from({ length: input.containers ?? 0 }, (_, i) => ({ name: `c${i}` })),
      initContainers: init,
      ...(input.nodeName ? { nodeName: input.nodeName } : {}),
      ...(input.readinessGates ? { readinessGates: input.readinessGates.map((c: string) => ({ conditionType: c })) } : {}),
    },
    status: {
      phase: input.phase,
      ...(input.reason ? { reason: input.reason } : {}),
      conditions: input.conditions ?? [],
      initContainerStatuses: fixTimes(input.initContainerStatuses ?? []),
      containerStatuses: fixTimes(input.containerStatuses ?? []),
      ...(input.podIPs ? { podIPs: input.podIPs.map((ip: string) => ({ ip })) } : {}),
      ...(input.nominatedNodeName ? { nominatedNodeName: input.nominatedNodeName } : {}),
    },
  };
}

export const check: CategoryChecker = (c) => {
  const row = printPod(podFromCase(c.input), NOW);
  const got: Record<string, string> = {};
  let ok = true;
  for (const [k, want] of Object.entries(c.expected as Record<string, string>)) {
    let v: string;
    if (k === 'rowCondition') v = row.rowCondition ? `${row.rowCondition.type}/${row.rowCondition.reason} '${row.rowCondition.message}'` : '<none>';
    else v = (row as any)[k];
    got[k] = v;
    if (v !== want) ok = false;
  }
  if (!('rowCondition' in c.expected) && row.rowCondition && c.input.phase === 'Succeeded' && !c.input.deletionTimestamp) {
    // the case does not assert the condition; nothing to compare
  }
  return { ok, got };
};
