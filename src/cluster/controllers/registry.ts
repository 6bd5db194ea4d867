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

export const CONTROLLERS: ControllerFactory[] = [];
