/** Golden adapter: apimachinery HumanDuration / ShortHumanDuration. */
import type { CategoryChecker } from '../types';
import { humanDuration, shortHumanDuration } from '../../kubectl/duration';

export const check: CategoryChecker = (c) => {
  const f = c.function === 'ShortHumanDuration' ? shortHumanDuration : humanDuration;
  const got = f(c.input.seconds);
  return { ok: got === c.expected, got };
};
