/** Runs `fn` once `ms` after the last call; `flush` runs a pending call now. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | null = null;
  const run = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const args = pending;
    pending = null;
    if (args) fn(...args);
  };
  return {
    call(...args: A): void {
      pending = args;
      clearTimeout(timer);
      timer = setTimeout(run, ms);
    },
    flush: run,
    cancel(): void {
      clearTimeout(timer);
      pending = null;
    },
  };
}
