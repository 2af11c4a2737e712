import type { Context, Scenario } from '../lib/context';
import { measured, type Baseline, type Row } from '../lib/row';
import { median } from '../lib/stats';
import { eventsFrame, postCall } from '../fixtures/frames';
import * as valibot from '../schema/valibot';
import * as typebox from '../schema/typebox';
import * as zod from '../schema/zod';

type Check = (frame: unknown) => boolean;
const libraries: { name: string; post: Check; server: Check }[] = [
  { name: 'zod 4 (ours)', post: zod.checkPostCall, server: zod.checkServerFrame },
  { name: 'valibot', post: valibot.checkPostCall, server: valibot.checkServerFrame },
  { name: 'TypeBox (compiled)', post: typebox.checkPostCall, server: typebox.checkServerFrame },
];

const EVENTS_PER_FRAME = 10;

/** µs per call of `fn`, median of `rounds` timed rounds of `n` calls (one call is too short to time alone). */
function perCall(n: number, rounds: number, fn: () => unknown): number {
  let sink = 0;
  for (let i = 0; i < n; i++) if (fn()) sink++; // warm-up: let the JIT settle before timing
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (let i = 0; i < n; i++) if (fn()) sink++;
    times.push(((performance.now() - started) * 1000) / n);
  }
  if (sink < 0) throw new Error('unreachable');
  return median(times);
}

/**
 * Validation cost per frame of zod 4 (what shared/protocol uses) against valibot and compiled TypeBox, on a
 * `call`/`post` frame and a 10-event `events` frame, beside JSON.parse of the same frame. Each library must
 * accept the good frame and reject a bad one first, so they are known to check the same things.
 */
export const schema: Scenario = {
  name: 'schema',
  async run(ctx: Context): Promise<Row[]> {
    const n = ctx.quick ? 10_000 : 40_000;
    const rounds = ctx.quick ? 5 : 7;
    const frames = [
      { kind: 'post' as const, label: '`call`/`post` frame', value: postCall(7), bad: { ...postCall(7), params: { ...postCall(7).params, body: { kind: 'message', text: '   ' } } } },
      { kind: 'server' as const, label: `\`events\` frame, ${EVENTS_PER_FRAME} events`, value: eventsFrame(1, EVENTS_PER_FRAME), bad: { type: 'events', events: [{ ...eventsFrame(1, 1).events[0]!, seq: -1 }] } },
    ];
    const rows: Row[] = [];
    for (const frame of frames) {
      const json = JSON.stringify(frame.value);
      const calls = Math.ceil(n / (frame.kind === 'server' ? 5 : 1));
      const parseUs = perCall(calls, rounds, () => JSON.parse(json));
      const baseline: Baseline = { what: `JSON.parse (${json.length} B)`, median: parseUs, p99: null, unit: 'µs' };
      for (const lib of libraries) {
        const check = frame.kind === 'post' ? lib.post : lib.server;
        if (!check(frame.value) || check(frame.bad)) throw new Error(`${lib.name} does not agree with zod on the ${frame.label}`);
        const object = JSON.parse(json) as unknown;
        const us = perCall(calls, rounds, () => check(object));
        rows.push(
          measured({
            key: `schema.${frame.kind}.${lib.name.split(' ')[0]!.toLowerCase()}`,
            figure: `validate ${frame.label}: ${lib.name}`,
            unit: 'µs/frame',
            median: us,
            baseline,
            target: 'informative',
            met: null,
            notes: [`${calls.toLocaleString('en-US')} calls × ${rounds} rounds`],
          }),
        );
      }
    }
    return rows;
  },
};
