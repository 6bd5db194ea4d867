/** Describers for kinds beyond pods and services register here (workloads, jobs, HPAs…). */
import type { ApiStore } from '../../cluster/store';
import type { KObject } from '../../cluster/objects';

export type Describer = (o: KObject, ctx: { events: KObject[]; now: number; store: ApiStore }) => string;

export const DESCRIBERS = new Map<string, Describer>();

export function registerDescriber(kind: string, d: Describer): void {
  DESCRIBERS.set(kind, d);
}
