/** The pre-rendered tray icon variants: no badge, 1 to 9, and "9+". */
export type TrayIconVariant = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '9plus';

export const trayIconVariants: readonly TrayIconVariant[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '9plus'];

export function trayIconVariant(unread: number): TrayIconVariant {
  if (!Number.isFinite(unread) || unread <= 0) return '0';
  if (unread > 9) return '9plus';
  return String(Math.floor(unread)) as TrayIconVariant;
}

/** File name of a variant in build/tray (the @2x file beside it is picked up by Electron on HiDPI screens). */
export const trayIconFile = (variant: TrayIconVariant): string => `tray-${variant}.png`;

/** The small count drawn on the Windows taskbar overlay and the tray icon: nothing, 1–9, or "9+". */
export function badgeLabel(unread: number): string {
  const variant = trayIconVariant(unread);
  return variant === '0' ? '' : variant === '9plus' ? '9+' : variant;
}
