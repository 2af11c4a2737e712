import type { Scenario } from '../lib/context';
import { baselines } from './baselines';

/** Every scenario, in the order they run (cheap and independent first). */
export const scenarios: Scenario[] = [baselines];
