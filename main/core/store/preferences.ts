import { Settings } from '../../../shared/domain';
import { ChangeCollector } from './changes';
import type { StoreContext } from './context';
import { StoreError } from './errors';
import type { ChangeSet } from './types';

export const DEFAULT_SETTINGS: Settings = {
  notifications: true,
  doNotDisturb: false,
  theme: 'system',
  language: 'en',
  closeToTray: true,
  startAtLogin: false,
};

const settingKeys = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Settings as stored, each value checked on the way back; an unreadable value falls back to its default. */
export function getSettings(ctx: StoreContext): Settings {
  const stored = new Map(ctx.sql.all<{ key: string; value: string }>('SELECT key, value FROM settings').map((row) => [row.key, row.value]));
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of settingKeys) {
    const raw = stored.get(key);
    if (raw === undefined) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    const parsed = Settings.shape[key].safeParse(value);
    if (parsed.success) settings[key] = parsed.data;
    else ctx.logger.warn({ key }, 'store: unreadable setting replaced by its default');
  }
  return Settings.parse(settings);
}

export function updateSettings(ctx: StoreContext, patch: Partial<Settings>): Settings {
  const valid = Settings.partial().strict().parse(patch);
  ctx.sql.transaction(() => {
    for (const [key, value] of Object.entries(valid)) {
      if (value === undefined) continue;
      ctx.sql.run(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        key,
        JSON.stringify(value),
      );
    }
  });
  return getSettings(ctx);
}

export function getMeta(ctx: StoreContext, key: string): string | null {
  return ctx.sql.value<string>('SELECT value FROM meta WHERE key = ?', key) ?? null;
}

export function setMeta(ctx: StoreContext, key: string, value: string | null): void {
  if (value === null) ctx.sql.run('DELETE FROM meta WHERE key = ?', key);
  else ctx.sql.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
}

function requireConversation(ctx: StoreContext, convId: string): void {
  if (ctx.sql.value('SELECT 1 FROM conversations WHERE id = ?', convId) === undefined) {
    throw new StoreError('not_found', `conversation ${convId} is not in the store`);
  }
}

export function getDraft(ctx: StoreContext, convId: string): string {
  return ctx.sql.value<string>('SELECT text FROM drafts WHERE conv_id = ?', convId) ?? '';
}

export function setDraft(ctx: StoreContext, convId: string, text: string): ChangeSet {
  const changes = new ChangeCollector();
  requireConversation(ctx, convId);
  const before = getDraft(ctx, convId);
  if (before === text) return changes.build();
  if (text === '') ctx.sql.run('DELETE FROM drafts WHERE conv_id = ?', convId);
  else {
    ctx.sql.run(
      'INSERT INTO drafts (conv_id, text, updated_at) VALUES (?, ?, ?) ON CONFLICT (conv_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at',
      convId,
      text,
      Date.now(),
    );
  }
  // Only whether a draft exists shows in the conversation list.
  if ((before.trim() === '') !== (text.trim() === '')) changes.conversation(convId);
  return changes.build();
}

export function setMuted(ctx: StoreContext, convId: string, muted: boolean): ChangeSet {
  const changes = new ChangeCollector();
  requireConversation(ctx, convId);
  const updated = ctx.sql.run('UPDATE conversations SET muted = ? WHERE id = ? AND muted != ?', muted ? 1 : 0, convId, muted ? 1 : 0);
  if (updated.changes > 0) changes.conversation(convId);
  return changes.build();
}
