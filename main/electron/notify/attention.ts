import { badgeLabel } from '../tray/tray-icon';
import type { ShellStrings } from '../strings';

export interface BadgeApp {
  setBadgeCount(count?: number): boolean;
}

export interface AttentionWindow<Image> {
  isDestroyed(): boolean;
  isFocused(): boolean;
  flashFrame(flag: boolean): void;
  setOverlayIcon(overlay: Image | null, description: string): void;
}

export interface AttentionDeps<Image> {
  app: BadgeApp;
  platform: string;
  window(): AttentionWindow<Image> | null;
  /** The small badge image for the Windows taskbar overlay ("1"…"9+"). */
  overlayImage(label: string): Image;
  strings(): ShellStrings;
}

/**
 * The unread count outside the window: the dock/launcher badge (macOS, Unity launchers), the taskbar overlay
 * on Windows (where setBadgeCount does nothing), and a flashing frame on Windows and Linux when something new
 * arrives while the window is in the background.
 */
export class AttentionIndicators<Image> {
  private lastLabel: string | null = null;

  constructor(private readonly deps: AttentionDeps<Image>) {}

  setUnread(count: number): void {
    const unread = Math.max(0, Math.floor(count));
    this.deps.app.setBadgeCount(unread);
    if (this.deps.platform !== 'win32') return;
    const window = this.deps.window();
    const label = badgeLabel(unread);
    if (!window || window.isDestroyed() || label === this.lastLabel) return;
    this.lastLabel = label;
    window.setOverlayIcon(label === '' ? null : this.deps.overlayImage(label), label === '' ? '' : this.deps.strings().badgeDescription(unread));
  }

  flash(): void {
    if (this.deps.platform === 'darwin') return;
    const window = this.deps.window();
    if (window && !window.isDestroyed() && !window.isFocused()) window.flashFrame(true);
  }

  /** Called when the window gains focus. */
  stopFlashing(): void {
    const window = this.deps.window();
    if (window && !window.isDestroyed()) window.flashFrame(false);
  }
}
