import type { PageFrame } from '../../shared/contract/web-bridge';

export { BRIDGE_PATH, CLOSE_REFUSED, type PageFrame, type ShellFrame } from '../../shared/contract/web-bridge';

export function parsePageFrame(data: string): PageFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const frame = value as Record<string, unknown>;
  if (frame.type === 'hello' && typeof frame.token === 'string') return { type: 'hello', token: frame.token };
  if (frame.type === 'call' && Number.isSafeInteger(frame.id) && typeof frame.name === 'string') {
    return { type: 'call', id: frame.id as number, name: frame.name, input: frame.input };
  }
  return null;
}
