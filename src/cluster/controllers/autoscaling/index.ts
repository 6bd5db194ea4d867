/** The autoscaling controllers (owned by the autoscaling module). Each factory is started with every cluster. */
import type { ControllerFactory } from '../registry';
import { MetricsServer } from './metrics-server';
import { CustomMetrics } from './custom-metrics';
import { HpaController } from './hpa';

export const AUTOSCALING_CONTROLLERS: ControllerFactory[] = [(c) => new MetricsServer(c), (c) => new CustomMetrics(c), (c) => new HpaController(c)];
