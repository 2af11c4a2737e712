import fs from 'node:fs';
import type { SentRecord } from './checker';
import type { JournalLine } from './engine-protocol';

/**
 * The sender's durable record of what the user sent: a line before `sendMessage` is called and a line once it
 * returned the message id. Each line is handed to the kernel with a synchronous write before the next step, which
 * survives a SIGKILL of the process (the faults we inject); fsync would only add power-loss safety, at ~15 ms a line.
 */
export class SendJournal {
  private readonly fd: number;

  constructor(path: string) {
    this.fd = fs.openSync(path, 'a');
  }

  append(line: JournalLine): void {
    fs.writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Reads one sender's journal into records in send order; a torn last line (killed mid-write) is ignored. */
export function readJournal(path: string, senderId: string): SentRecord[] {
  if (!fs.existsSync(path)) return [];
  const records: SentRecord[] = [];
  const byText = new Map<string, SentRecord>();
  for (const raw of fs.readFileSync(path, 'utf8').split('\n')) {
    if (raw.trim() === '') continue;
    let line: JournalLine;
    try {
      line = JSON.parse(raw) as JournalLine;
    } catch {
      continue;
    }
    if (line.t === 'intent') {
      const record: SentRecord = { senderId, convId: line.convId, text: line.text, id: null };
      records.push(record);
      byText.set(line.text, record);
    } else {
      const record = byText.get(line.text);
      if (record) record.id = line.id;
    }
  }
  return records;
}
