import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Task = () => void | Promise<void>;

/**
 * Everything a run creates (child processes, servers, temp dirs) registers its undo here, so a failure,
 * a timeout or Ctrl-C still leaves the machine clean. Tasks run newest first.
 */
const tasks: { name: string; task: Task }[] = [];

export function onCleanup(name: string, task: Task): () => Promise<void> {
  const entry = { name, task };
  tasks.push(entry);
  return async () => {
    const index = tasks.indexOf(entry);
    if (index >= 0) {
      tasks.splice(index, 1);
      await entry.task();
    }
  };
}

export async function cleanupAll(): Promise<void> {
  while (tasks.length > 0) {
    const { name, task } = tasks.pop()!;
    try {
      await task();
    } catch (error) {
      console.error(`bench: cleanup of ${name} failed:`, error);
    }
  }
}

/** A temp dir removed at cleanup (or earlier, through the returned release). */
export function tempDir(prefix: string): { path: string; release: () => Promise<void> } {
  const path = mkdtempSync(join(tmpdir(), `parley-bench-${prefix}-`));
  const release = onCleanup(`temp dir ${path}`, () => rmSync(path, { recursive: true, force: true }));
  return { path, release };
}

/** Bounded wait: rejects after `ms` with a message naming what was awaited. */
export async function withTimeout<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
