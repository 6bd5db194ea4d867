/**
 * One zustand store per lab, with module-level actions (no methods on the state). The cluster and
 * terminal session are mutable engines kept beside the store; the store holds what the UI renders.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { Cluster } from '../cluster/cluster';
import { TerminalSession } from '../kubectl/session';
import { newMemory, observe } from '../../labs/checks';
import type { LabDef, LabMemory } from '../../labs/types';

export type Speed = 1 | 10 | 60;

export interface LabState {
  files: Record<string, string>;
  active: string;
  done: Record<string, boolean>;
  /** Virtual ms since the cluster booted. */
  time: number;
  paused: boolean;
  speed: Speed;
  /** A command is running in the terminal. */
  busy: boolean;
  /** Bumped on Reset so views can rebuild. */
  generation: number;
}

export interface TerminalSink {
  write(text: string): void;
  clear(): void;
  idle(code: number): void;
}

export interface Lab {
  def: LabDef;
  store: StoreApi<LabState>;
  cluster: Cluster;
  session: TerminalSession;
  memory: LabMemory;
  sink: TerminalSink;
}

function boot(def: LabDef, files: Record<string, string>, sink: TerminalSink, getFiles: () => Record<string, string>) {
  const cluster = new Cluster({ nodes: def.cluster?.nodes, seed: def.cluster?.seed, autoscaler: def.cluster?.autoscaler });
  const session = new TerminalSession(
    cluster,
    { read: (n) => getFiles()[n], list: () => Object.keys(getFiles()) },
    { write: (t) => sink.write(t), clear: () => sink.clear(), idle: (c) => sink.idle(c) },
  );
  void files;
  return { cluster, session };
}

export function createLab(def: LabDef, sink: TerminalSink, saved?: { files?: Record<string, string>; active?: string }): Lab {
  const files = { ...def.files, ...(saved?.files ?? {}) };
  const store = createStore<LabState>(() => ({
    files,
    active: saved?.active && saved.active in files ? saved.active : Object.keys(def.files)[0]!,
    done: Object.fromEntries(def.tasks.map((t) => [t.id, false])),
    time: 0,
    paused: false,
    speed: 1,
    busy: false,
    generation: 0,
  }));
  const { cluster, session } = boot(def, files, sink, () => store.getState().files);
  const lab: Lab = { def, store, cluster, session, memory: newMemory(), sink };
  return lab;
}

/** Let `realMs` of wall time pass: virtual time moves by realMs × speed unless paused. */
export function tick(lab: Lab, realMs: number): void {
  const s = lab.store.getState();
  if (!s.paused && realMs > 0) lab.cluster.advance(Math.round(realMs * s.speed));
  refresh(lab);
}

/** Re-evaluate the checklist and mirror engine state into the store. */
export function refresh(lab: Lab): void {
  observe(lab.cluster, lab.memory);
  const s = lab.store.getState();
  let done = s.done;
  for (const t of lab.def.tasks) {
    if (done[t.id]) continue; // tasks latch
    if (t.check(lab.cluster, lab.memory)) done = { ...done, [t.id]: true };
  }
  const patch: Partial<LabState> = {};
  if (done !== s.done) patch.done = done;
  if (lab.cluster.now() !== s.time) patch.time = lab.cluster.now();
  if (lab.session.busy !== s.busy) patch.busy = lab.session.busy;
  if (Object.keys(patch).length) lab.store.setState(patch);
}

export function runLine(lab: Lab, line: string): void {
  lab.session.runLine(line);
  lab.cluster.settle();
  refresh(lab);
}

export function interrupt(lab: Lab): void {
  lab.session.interrupt();
  lab.cluster.settle();
  refresh(lab);
}

export function setFile(lab: Lab, name: string, text: string): void {
  lab.store.setState((s) => ({ files: { ...s.files, [name]: text } }));
}

export function setActive(lab: Lab, name: string): void {
  lab.store.setState({ active: name });
}

export function setSpeed(lab: Lab, speed: Speed): void {
  lab.store.setState({ speed });
}

export function setPaused(lab: Lab, paused: boolean): void {
  lab.store.setState({ paused });
}

/** Reset: a fresh cluster and checklist, the original files. */
export function reset(lab: Lab): void {
  const { cluster, session } = boot(lab.def, lab.def.files, lab.sink, () => lab.store.getState().files);
  lab.cluster = cluster;
  lab.session = session;
  lab.memory = newMemory();
  lab.store.setState((s) => ({
    files: { ...lab.def.files },
    active: Object.keys(lab.def.files)[0]!,
    done: Object.fromEntries(lab.def.tasks.map((t) => [t.id, false])),
    time: 0,
    busy: false,
    generation: s.generation + 1,
  }));
}

/** "1m05s"-style virtual clock for the status strip. */
export function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
}
