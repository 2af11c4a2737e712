import type { ParleyApi } from '../../shared/contract/api';

declare global {
  interface Window {
    readonly parley: ParleyApi;
  }
}

export type { ParleyApi };

/** The one way the app reaches the engine; the shell (Electron preload or web bridge) defines it. */
export const shellApi = (): ParleyApi => window.parley;
