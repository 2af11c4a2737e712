import type { Child } from './child';

/** A full collection in this process, when it runs with --expose-gc (`npm run bench` and every child do). */
export function collectHere(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * A full collection in the bench process and in each child, so that none falls due inside the figure that follows.
 * The bench process counts too: it is idle while children measure, but a collection of its heap (the browser driver
 * and earlier scenarios' garbage) runs on V8's helper threads and takes a core from the processes under test.
 */
export async function collectEverywhere(children: readonly Child[]): Promise<void> {
  collectHere();
  await Promise.all(children.map((child) => child.call('collect', {}, 10_000)));
}
