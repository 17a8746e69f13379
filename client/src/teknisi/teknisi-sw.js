// Service worker of /teknisi, for notifications only: phone browsers (Chrome on Android) show a
// notification only through a service worker, and a tap on one should open the service's page.
// It caches nothing and answers no requests, so it can never serve a stale Pantau.
self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const wanted = event.notification.data && typeof event.notification.data.url === 'string' ? event.notification.data.url : '/teknisi';
  // Only a page of this site's /teknisi, whatever the notification carries.
  const url = new URL(wanted, self.location.origin);
  const target = url.origin === self.location.origin && url.pathname.startsWith('/teknisi') ? url.href : new URL('/teknisi', self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).pathname.startsWith('/teknisi'));
      if (open) {
        await open.focus();
        open.postMessage({ type: 'pantau:navigate', url: target });
        return;
      }
      await self.clients.openWindow(target);
    })(),
  );
});
