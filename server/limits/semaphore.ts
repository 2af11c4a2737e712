/** Thrown by `Semaphore.run` when the wait queue is full. */
export class QueueFullError extends Error {
  constructor() {
    super('too many operations waiting');
    this.name = 'QueueFullError';
  }
}

/** Runs at most `concurrency` tasks at once; at most `maxWaiting` more may wait, beyond that `run` fails at once. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
