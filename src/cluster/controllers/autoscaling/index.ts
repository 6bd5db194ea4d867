/** The autoscaling controllers (owned by the autoscaling module). Each factory is started with every cluster. */
import type { ControllerFactory } from '../registry';

export const AUTOSCALING_CONTROLLERS: ControllerFactory[] = [];
