export type CloseAction = 'close' | 'hide';

/**
 * What the window's close button does. While quitting, the window really closes. On macOS the app stays in the
 * dock with its window hidden (the platform's convention, whatever the setting). Elsewhere it hides to the tray
 * when "close to tray" is on, and closes (quitting the app) when it is off.
 */
export function closeAction(platform: string, closeToTray: boolean, quitting: boolean): CloseAction {
  if (quitting) return 'close';
  if (platform === 'darwin') return 'hide';
  return closeToTray ? 'hide' : 'close';
}

export interface ClosableWindow {
  hide(): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
}

export interface CloseToTrayDeps {
  platform: string;
  closeToTray(): boolean;
  /** Whether the "still running in the tray" notice was ever shown (kept across runs). */
  noticeShown(): boolean;
  markNoticeShown(): void;
  showNotice(): void;
}

/** Turns the close button into "hide to tray" as `closeAction` says, and tells the user once that it did. */
export class CloseToTray {
  private quitting = false;

  constructor(private readonly deps: CloseToTrayDeps) {}

  attach(window: ClosableWindow): void {
    window.on('close', (event) => {
      if (closeAction(this.deps.platform, this.deps.closeToTray(), this.quitting) === 'close') return;
      event.preventDefault();
      window.hide();
      if (this.deps.platform !== 'darwin' && !this.deps.noticeShown()) {
        this.deps.markNoticeShown();
        this.deps.showNotice();
      }
    });
  }

  /** From now on the close button closes (the app is quitting). */
  markQuitting(): void {
    this.quitting = true;
  }
}
