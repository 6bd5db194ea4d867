/** Describers for kinds beyond pods and services register here (workloads, jobs, HPAs…). */
import type { ApiStore } from '../../cluster/store';
import type { KObject } from '../../cluster/objects';

/** showEvents is false under --show-events=false (kubectl then prints no Events section at all). */
export type Describer = (o: KObject, ctx: { events: KObject[]; now: number; store: ApiStore; showEvents?: boolean }) => string;

export const DESCRIBERS = new Map<string, Describer>();

export function registerDescriber(kind: string, d: Describer): void {
  DESCRIBERS.set(kind, d);
}
