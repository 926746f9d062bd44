/// The service worker, served at `/sw.js` (scope `/`). Plain JavaScript, read as it is written.
extension OfflineAssets {
    static let serviceWorker = """
        // ocop service worker — keeps the dashboard's field pages usable with no connection.
        //
        // Caches (named after the version, so a new server's worker drops the old ones when it activates):
        //   STATIC: the script, the icon and the manifest — cache first (they change only with a new version);
        //   PAGES:  the pages the officer opened (and those the page script pre-caches for records in their scope) —
        //           network first, the cached copy when the network fails.
        // POSTs (forms, the sync) always go to the network: entries made offline are kept by the page script in
        // IndexedDB, never by this worker.
        'use strict';
        const VERSION = '\(version)';
        const STATIC = VERSION + '-static';
        const PAGES = VERSION + '-pages';
        const STATIC_URLS = ['/offline/app.js', '/offline/icon.svg', '/app.webmanifest'];
        // Never cached: the session, the sync and the page list are about now.
        const NETWORK_ONLY = ['/offline/session', '/offline/sync', '/offline/pages', '/sign-in', '/sign-out'];

        self.addEventListener('install', (event) => {
          event.waitUntil(caches.open(STATIC).then((cache) => cache.addAll(STATIC_URLS)).then(() => self.skipWaiting()));
        });

        self.addEventListener('activate', (event) => {
          event.waitUntil(
            caches.keys()
              .then((names) => Promise.all(names.filter((name) => name !== STATIC && name !== PAGES).map((name) => caches.delete(name))))
              .then(() => self.clients.claim()));
        });

        self.addEventListener('fetch', (event) => {
          const request = event.request;
          const url = new URL(request.url);
          if (request.method !== 'GET' || url.origin !== self.location.origin) return;
          if (NETWORK_ONLY.includes(url.pathname) || url.pathname.startsWith('/api/')) return;
          if (STATIC_URLS.includes(url.pathname)) {
            event.respondWith(cacheFirst(request));
          } else if (request.mode === 'navigate' || (request.headers.get('accept') || '').includes('text/html')) {
            event.respondWith(networkFirst(request));
          }
        });

        async function cacheFirst(request) {
          const cached = await caches.match(request, { cacheName: STATIC });
          if (cached) return cached;
          const response = await fetch(request);
          if (response.ok) (await caches.open(STATIC)).put(request, response.clone());
          return response;
        }

        async function networkFirst(request) {
          try {
            const response = await fetch(request);
            // Only a signed-in page itself: not the sign-in page a redirect led to, not an error.
            if (response.ok && !response.redirected && response.type === 'basic' && (response.headers.get('content-type') || '').includes('text/html')) {
              (await caches.open(PAGES)).put(request, response.clone());
            } else if (response.redirected && new URL(response.url).pathname === '/sign-in') {
              // Signed out: the pages kept for the last user go.
              await caches.delete(PAGES);
            }
            return response;
          } catch (error) {
            const cached = await caches.match(request, { cacheName: PAGES });
            if (cached) return cached;
            return new Response(
              '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
              '<title>Không có mạng</title><body style="font-family:system-ui;padding:1rem"><h1>Không có mạng · No connection</h1>' +
              '<p>Trang này chưa được lưu trên máy. Hãy mở nó một lần khi có mạng.</p>' +
              '<p>This page is not kept on this device yet. Open it once while online.</p><p><a href="/pipeline">OCOP</a></p>',
              { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
          }
        }

        // The page script asks for pages to be kept (records in the officer's scope) and for them to be dropped.
        self.addEventListener('message', (event) => {
          const data = event.data || {};
          if (data.type === 'keep' && Array.isArray(data.urls)) {
            event.waitUntil(caches.open(PAGES).then((cache) => Promise.all(data.urls.map((path) =>
              fetch(path, { credentials: 'same-origin' })
                .then((response) => (response.ok && !response.redirected ? cache.put(path, response) : null))
                .catch(() => null)))));
          } else if (data.type === 'forget') {
            event.waitUntil(caches.delete(PAGES));
          }
        });
        """
}
