import { createSignal } from 'solid-js';

export interface Notice {
  id: number;
  text: string;
}

const VISIBLE_MS = 6_000;

/** Short-lived error messages shown in a corner (role alert), e.g. when an optimistic change was rolled back. */
export function createNoticesStore() {
  const [notices, setNotices] = createSignal<Notice[]>([]);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let nextId = 1;

  const dismiss = (id: number): void => {
    setNotices((all) => all.filter((n) => n.id !== id));
  };

  return {
    notices,
    dismiss,
    show(text: string): void {
      const id = nextId++;
      setNotices((all) => [...all.slice(-2), { id, text }]);
      const timer = setTimeout(() => {
        timers.delete(timer);
        dismiss(id);
      }, VISIBLE_MS);
      timers.add(timer);
    },
    dispose(): void {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
export type NoticesStore = ReturnType<typeof createNoticesStore>;
