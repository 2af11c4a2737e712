import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzServer } from './fuzz-runner';
import { PASSWORD, registerUsers, startTestServer } from './server-fixture';
import { WellBehavedPair } from './well-behaved';

/** The reduced fuzz run of `npm test`; `npm run chaos` runs the same property with ≥ 10,000 cases. */
const CASES = Number(process.env.PARLEY_FUZZ_CASES ?? 600);

describe('hostile input: fuzzing the server', () => {
  let fixture: Awaited<ReturnType<typeof startTestServer>>;
  let pair: WellBehavedPair;

  beforeAll(async () => {
    fixture = await startTestServer();
    pair = await WellBehavedPair.create(fixture.server.url, ['wellalice', 'wellbob'], PASSWORD);
  });
  afterAll(async () => {
    pair?.dispose();
    await fixture?.dispose();
  });

  it(`answers ${CASES} random, mutated, oversized, deep and forged frames only as documented while a normal pair keeps talking`, async () => {
    const accounts = (await registerUsers(fixture.server.url, 'fuzzer', 6)).map((user) => ({ username: user.username, password: PASSWORD }));
    pair.start(40);
    const figures = await fuzzServer({
      url: fixture.server.url,
      cases: CASES,
      seed: Number(process.env.PARLEY_FUZZ_SEED ?? 7),
      // The server shares this process here, so this bound is loose; the chaos run measures the server alone.
      memoryBytes: () => process.memoryUsage().rss,
      memoryGrowthLimitBytes: 400 * 1024 * 1024,
      accounts,
      pair,
    });
    const exchanged = await pair.stop();
    expect(figures.cases).toBe(CASES);
    expect(exchanged.exchanged).toBeGreaterThan(5);
    // Every family of hostile frame was tried.
    for (const count of Object.values(figures.frames)) expect(count).toBeGreaterThan(0);
    expect(figures.errors.bad_frame).toBeGreaterThan(0);
  }, 120_000);
});
