/** Counts the events in a server frame without parsing it: each stored event carries exactly one `"seq":`. */
export function countEvents(frame: Buffer): number {
  let count = 0;
  let from = 0;
  for (;;) {
    const at = frame.indexOf(SEQ, from);
    if (at < 0) return count;
    count++;
    from = at + SEQ.length;
  }
}
const SEQ = Buffer.from('"seq":');
