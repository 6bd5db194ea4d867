/**
 * The controller-manager's loops beyond the scheduler, endpoints controller and kubelets. Each
 * factory gets the cluster and returns something fed every watch event.
 */
import type { Cluster } from '../cluster';
import type { WatchEvent } from '../store';

export interface Controller {
  name: string;
  handle(e: WatchEvent): void;
}

export type ControllerFactory = (cluster: Cluster) => Controller;

import { WORKLOADS_CONTROLLERS } from './workloads/index';
import { BATCH_CONTROLLERS } from './batch/index';
import { AUTOSCALING_CONTROLLERS } from './autoscaling/index';
import { startDisruptionController } from './disruption';
import { startTaintEvictionController } from './taint-eviction';
import { startClusterAutoscaler } from './cluster-autoscaler/autoscaler';
import { startNodeLifecycleController } from './node-lifecycle';

export const CONTROLLERS: ControllerFactory[] = [...WORKLOADS_CONTROLLERS, ...BATCH_CONTROLLERS, ...AUTOSCALING_CONTROLLERS, startDisruptionController, startTaintEvictionController, startNodeLifecycleController, startClusterAutoscaler];
