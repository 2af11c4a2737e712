import type { Options, ScenarioName } from './args';
import type { Row } from './row';

export interface Context {
  options: Options;
  quick: boolean;
  log: (line: string) => void;
  /** Runs `build` once per run and shares its result (baselines and fixtures are used by several scenarios). */
  memo<T>(key: string, build: () => Promise<T>): Promise<T>;
}

export interface Scenario {
  name: ScenarioName;
  run(ctx: Context): Promise<Row[]>;
}

export function createContext(options: Options, log: (line: string) => void): Context {
  const cache = new Map<string, Promise<unknown>>();
  return {
    options,
    quick: options.quick,
    log,
    memo<T>(key: string, build: () => Promise<T>): Promise<T> {
      let promise = cache.get(key) as Promise<T> | undefined;
      if (!promise) {
        promise = build();
        cache.set(key, promise);
      }
      return promise;
    },
  };
}
