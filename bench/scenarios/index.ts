import type { Scenario } from '../lib/context';
import { apply } from './apply';
import { baselines } from './baselines';
import { browser } from './browser';
import { catchup } from './catchup';
import { fanout } from './fanout';
import { idle } from './idle';
import { latency } from './latency';
import { page } from './page';
import { search } from './search';
import { schema } from './schema';

/** Every scenario, in the order they run (cheap and independent first). */
export const scenarios: Scenario[] = [baselines, schema, latency, fanout, idle, apply, catchup, page, search, browser];
