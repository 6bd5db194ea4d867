/** The workloads controllers (owned by the workloads module). Each factory is started with every cluster. */
import type { ControllerFactory } from '../registry';

export const WORKLOADS_CONTROLLERS: ControllerFactory[] = [];
