/**
 * Offline use: register the service worker that vite-plugin-pwa builds (production builds only: the
 * dev server has none), and say when a new deployment is waiting. The new version takes over only
 * when the user presses Reload, so a page in use never changes under them.
 */
/// <reference types="vite-plugin-pwa/vanillajs" />
import { notify } from './noticeStore';

export const UPDATE_MESSAGE = 'A new version of the playground is available.';

export function registerOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  void import('virtual:pwa-register').then(({ registerSW }) => {
    const update = registerSW({
      onNeedRefresh() {
        notify('info', UPDATE_MESSAGE, { label: 'Reload', run: () => void update(true) });
      },
      // Offline use is an extra: a browser that refuses the worker (private mode, policy) still runs the app.
      onRegisterError() {},
    });
  });
}
