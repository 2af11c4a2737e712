import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const ShellState = z.object({ closeToTrayNoticeShown: z.boolean() });
export type ShellState = z.infer<typeof ShellState>;

/** Small facts the shell remembers between runs (not settings: those belong to the engine). */
export class ShellStateFile {
  private state: ShellState;

  constructor(private readonly file: string) {
    let raw: unknown = null;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // First run or unreadable: start fresh.
    }
    const parsed = ShellState.safeParse(raw);
    this.state = parsed.success ? parsed.data : { closeToTrayNoticeShown: false };
  }

  get(): ShellState {
    return { ...this.state };
  }

  update(change: Partial<ShellState>): void {
    this.state = { ...this.state, ...change };
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state));
      renameSync(`${this.file}.tmp`, this.file);
    } catch {
      // Worst case the one-time notice shows once more.
    }
  }
}
