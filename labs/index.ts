/** Every lab, by id. Chapters embed them with <Lab id="…" />. */
import type { LabDef } from './types';
import { waitForServices } from './init-containers/wait-for-services';
import { sysctlLab } from './init-containers/sysctl';
import { dapiLab } from './downward-api/dapi';
import { livenessExecLab } from './probes/liveness-exec';
import { sandboxLab } from './pause/sandbox';
import { distrolessLab } from './debugging/distroless';
import { sharedLogsLab } from './volumes/shared-logs';
import { parallelJobsLab } from './jobs/parallel-jobs';
import { webAutoscaleLab } from './autoscaling/web-autoscale';

export const LABS: LabDef[] = [waitForServices, sysctlLab, dapiLab, livenessExecLab, sandboxLab, distrolessLab, sharedLogsLab, webAutoscaleLab, parallelJobsLab];

export function findLab(id: string): LabDef | undefined {
  return LABS.find((l) => l.id === id);
}

export type { LabDef, TaskDef, Locale, Text } from './types';
