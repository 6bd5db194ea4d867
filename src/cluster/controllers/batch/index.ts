/** The batch controllers (owned by the batch module). Each factory is started with every cluster. */
import type { ControllerFactory } from '../registry';
import { JobController, TtlAfterFinishedController } from './job-controller';
import { CronJobController } from './cronjob-controller';

export const BATCH_CONTROLLERS: ControllerFactory[] = [(c) => new JobController(c), (c) => new CronJobController(c), (c) => new TtlAfterFinishedController(c)];
