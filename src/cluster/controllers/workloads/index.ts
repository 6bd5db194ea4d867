/** The workloads controllers (owned by the workloads module). Each factory is started with every cluster. */
import type { ControllerFactory } from '../registry';
import { ReplicaSetController } from './replicaset';
import { DeploymentController } from './deployment';
import { GarbageCollector } from './gc';
import { DaemonSetController } from './daemonset';

let lastRsc: ReplicaSetController | undefined;

export const WORKLOADS_CONTROLLERS: ControllerFactory[] = [
  (cluster) => (lastRsc = new ReplicaSetController(cluster)),
  (cluster) => new DeploymentController(cluster, lastRsc!),
  (cluster) => new GarbageCollector(cluster),
  (cluster) => new DaemonSetController(cluster),
];
