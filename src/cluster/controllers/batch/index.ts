/** The batch controllers (owned by the batch module). Each factory is started with every cluster. */
import type { ControllerFactory } from '../registry';

export const BATCH_CONTROLLERS: ControllerFactory[] = [];
