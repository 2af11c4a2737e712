import type { Scenario } from '../lib/context';
import { baselines } from './baselines';
import { fanout } from './fanout';
import { idle } from './idle';
import { latency } from './latency';
import { schema } from './schema';

/** Every scenario, in the order they run (cheap and independent first). */
export const scenarios: Scenario[] = [baselines, schema, latency, fanout, idle];
