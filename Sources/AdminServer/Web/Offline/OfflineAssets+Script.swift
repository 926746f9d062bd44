/// The page script, served at `/offline/app.js` on every dashboard page. Plain JavaScript, read as it is written.
extension OfflineAssets {
    static let script = #"""
        // ocop offline field entry: the queue on the device, the sync, the status bar and the "chờ đồng bộ / xung đột" panel.
        //
        // An entry (a field form submitted: the idea survey, a product's field check, an NTM assessment or progress
        // report) is first written to IndexedDB with its idempotency key (crypto.randomUUID), the record and the
        // version the officer saw, its inputs, the business time (when the officer recorded it, Asia/Ho_Chi_Minh) and
        // the user — then sent, one by one in the order recorded, to POST /offline/sync. Answers:
        //   applied / replayed → removed from the queue (a replay means the server had it already: nothing twice);
        //   conflict (409)     → kept, shown with the record as it is now; the officer applies it anew or discards it;
        //   401                → kept; the panel says to sign in again;
        //   other 4xx          → kept as refused, with the server's message;
        //   network error, 5xx → kept queued, retried (online event, every 20 s, on page load).
        'use strict';
        (function () {
          const VERSION = '\#(version)';
          const PAGES = VERSION + '-pages';
          const lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
          const WORDS = {
            vi: {
              online: 'Đang có mạng', offline: 'Không có mạng', waiting: 'Chờ đồng bộ', lastSync: 'Đồng bộ lần cuối', never: 'chưa',
              panel: 'Chờ đồng bộ / xung đột', queued: 'đang chờ gửi', sending: 'đang gửi', conflict: 'xung đột', refused: 'bị từ chối',
              signedOut: 'Phiên đăng nhập đã hết hạn — hãy đăng nhập lại; các mục vẫn được giữ trên máy.', signIn: 'Đăng nhập lại',
              recordedAt: 'ghi lúc', saw: 'Bạn đã thấy', now: 'Hiện tại', version: 'phiên bản', by: 'do', at: 'lúc',
              applyAnew: 'Áp dụng lại', discard: 'Bỏ', confirmAnew: 'Gửi lại mục này trên phiên bản hiện tại của hồ sơ (với khóa mới)?',
              confirmDiscard: 'Bỏ mục này? Mục sẽ không được gửi; việc bỏ được ghi lại trên máy.', discarded: 'Đã bỏ',
              savedOffline: 'Đã lưu trên máy; sẽ gửi khi có mạng.', applied: 'Đã đồng bộ.', note: 'bỏ sau xung đột',
            },
            en: {
              online: 'Online', offline: 'Offline', waiting: 'Waiting to sync', lastSync: 'Last sync', never: 'never',
              panel: 'Waiting to sync / conflicts', queued: 'waiting', sending: 'sending', conflict: 'conflict', refused: 'refused',
              signedOut: 'Your session expired — sign in again; the entries stay on this device.', signIn: 'Sign in again',
              recordedAt: 'recorded', saw: 'You saw', now: 'Now', version: 'version', by: 'by', at: 'at',
              applyAnew: 'Apply anew', discard: 'Discard', confirmAnew: 'Send this entry again on the record\'s current version (with a new key)?',
              confirmDiscard: 'Discard this entry? It will not be sent; the discard is recorded on this device.', discarded: 'Discarded',
              savedOffline: 'Saved on this device; it will be sent when online.', applied: 'Synced.', note: 'discarded after a conflict',
            },
          }[lang];

          // ---- IndexedDB: entries (by seq = order recorded), the discard log, and a few values (last sync) ----
          let dbPromise = null;
          function db() {
            if (!dbPromise) {
              dbPromise = new Promise((resolve, reject) => {
                const open = indexedDB.open('ocop-offline', 1);
                open.onupgradeneeded = () => {
                  const d = open.result;
                  const entries = d.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
                  entries.createIndex('key', 'key', { unique: true });
                  d.createObjectStore('log', { keyPath: 'seq', autoIncrement: true });
                  d.createObjectStore('meta', { keyPath: 'name' });
                };
                open.onsuccess = () => resolve(open.result);
                open.onerror = () => reject(open.error);
              });
            }
            return dbPromise;
          }
          // One request in its own transaction; resolves when the transaction is committed (so it survives a crash).
          async function run(store, mode, action) {
            const d = await db();
            return new Promise((resolve, reject) => {
              const tx = d.transaction(store, mode);
              let result;
              const request = action(tx.objectStore(store));
              if (request) request.onsuccess = () => { result = request.result; };
              tx.oncomplete = () => resolve(result);
              tx.onerror = () => reject(tx.error);
              tx.onabort = () => reject(tx.error);
            });
          }
          const allEntries = () => run('entries', 'readonly', (s) => s.getAll()).then((list) => list.sort((a, b) => a.seq - b.seq));
          const putEntry = (entry) => run('entries', 'readwrite', (s) => s.put(entry));
          const addEntry = (entry) => run('entries', 'readwrite', (s) => s.add(entry));
          const deleteEntry = (seq) => run('entries', 'readwrite', (s) => s.delete(seq));
          const addLog = (item) => run('log', 'readwrite', (s) => s.add(item));
          const allLog = () => run('log', 'readonly', (s) => s.getAll());
          const getMeta = (name) => run('meta', 'readonly', (s) => s.get(name)).then((row) => (row ? row.value : null));
          const setMeta = (name, value) => run('meta', 'readwrite', (s) => s.put({ name, value }));

          // ---- Time: business time as ISO with Vietnam's offset (no daylight saving), and dd/mm/yyyy HH:mm ----
          const two = (n) => String(n).padStart(2, '0');
          function vietnamISO(date) {
            return new Date(date.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 19) + '+07:00';
          }
          function screenTime(iso) {
            if (!iso) return WORDS.never;
            const d = new Date(new Date(iso).getTime() + 7 * 3600 * 1000);
            return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
          }
          const user = () => document.body.dataset.user || '';

          // ---- Recording: a field form's submit becomes an entry on the device first ----
          function entryFrom(form) {
            const kind = form.dataset.fieldEntry;
            const input = {};
            let comment = null;
            for (const element of form.elements) {
              if (!element.name || element.value === '') continue;
              if (element.name.startsWith('in_')) input[element.name.slice(3)] = element.value;
              if (element.name === 'comment') comment = element.value;
            }
            const heading = (document.querySelector('main h1') || {}).textContent || '';
            const step = (form.querySelector('h3') || form.closest('section').querySelector('h2') || {}).textContent || '';
            const entry = {
              key: crypto.randomUUID(), kind, input, comment, user: form.dataset.user || user(),
              businessTime: vietnamISO(new Date()), status: 'queued', title: `${heading} — ${step}`.trim(), page: location.pathname,
            };
            if (kind === 'event') {
              entry.record = Number(form.dataset.record);
              entry.event = form.dataset.event;
              entry.version = Number(form.dataset.version);
              entry.seen = { state: ((document.getElementById('stage') || {}).textContent || '').trim(), version: entry.version };
            } else {
              const unit = form.querySelector('[name=in_unit]');
              if (unit && unit.selectedOptions[0]) entry.title += ` — ${unit.selectedOptions[0].textContent}`;
            }
            return entry;
          }

          document.addEventListener('submit', async (event) => {
            const form = event.target;
            if (!form.dataset || !form.dataset.fieldEntry) return;
            event.preventDefault();
            const entry = entryFrom(form);
            await addEntry(entry);
            form.reset();
            flash(WORDS.savedOffline, 'ok');
            await render();
            const results = await sync();
            // Sent at once and applied: show the record as it is now.
            if (results[entry.key] === 'applied' || results[entry.key] === 'replayed') {
              if (entry.kind === 'event') location.href = `/instances/${entry.record}?done=${encodeURIComponent(entry.event)}`;
              else flash(WORDS.applied, 'ok');
            }
          }, true);

          // ---- Sync ----
          let syncing = false;
          const RETRY = new Set(['queued', 'sending', 'signedOut']);
          async function sync() {
            const results = {};
            if (syncing) return results;
            syncing = true;
            try {
              const waiting = (await allEntries()).filter((e) => RETRY.has(e.status));
              if (!waiting.length) return results;
              let session;
              try {
                const response = await fetch('/offline/session', { credentials: 'same-origin', cache: 'no-store' });
                if (response.status === 401) {
                  for (const e of waiting) { e.status = 'signedOut'; await putEntry(e); }
                  return results;
                }
                if (!response.ok) return results;
                session = await response.json();
              } catch (error) {
                return results; // no connection: everything stays queued
              }
              for (const e of waiting) {
                e.status = 'sending'; // written before sending: a crash leaves it to be sent again with the same key
                await putEntry(e);
                let response;
                try {
                  response = await fetch('/offline/sync', {
                    method: 'POST', credentials: 'same-origin', cache: 'no-store',
                    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf },
                    body: JSON.stringify({
                      key: e.key, kind: e.kind, record: e.record, event: e.event, version: e.version, input: e.input,
                      comment: e.comment, businessTime: e.businessTime, user: e.user,
                    }),
                  });
                } catch (error) {
                  e.status = 'queued'; await putEntry(e); break; // network error: kept, retried later
                }
                let body = {};
                try { body = await response.json(); } catch (error) { body = {}; }
                if (response.ok && (body.outcome === 'applied' || body.outcome === 'replayed')) {
                  await deleteEntry(e.seq);
                  results[e.key] = body.outcome;
                } else if (response.status === 401) {
                  e.status = 'signedOut'; await putEntry(e); break;
                } else if (response.status === 409 && body.outcome === 'conflict') {
                  e.status = 'conflict'; e.answer = body; await putEntry(e); results[e.key] = 'conflict';
                } else if (response.status >= 500 || response.status === 429 || response.status === 408) {
                  e.status = 'queued'; await putEntry(e); break; // the server's trouble: try again later
                } else {
                  e.status = 'refused'; e.answer = { message: body.detail || body.title || String(response.status), status: response.status };
                  await putEntry(e); results[e.key] = 'refused';
                }
              }
              await setMeta('lastSync', new Date().toISOString());
            } finally {
              syncing = false;
              await render();
            }
            return results;
          }

          // ---- Apply anew / discard ----
          async function applyAnew(seq) {
            const e = (await allEntries()).find((x) => x.seq === seq);
            if (!e || !window.confirm(WORDS.confirmAnew)) return;
            e.previousKeys = (e.previousKeys || []).concat([e.key]);
            e.key = crypto.randomUUID();
            if (e.answer && e.answer.current && e.answer.current.version) e.version = e.answer.current.version;
            e.status = 'queued';
            delete e.answer;
            await putEntry(e);
            await sync();
          }
          async function discard(seq) {
            const e = (await allEntries()).find((x) => x.seq === seq);
            if (!e || !window.confirm(WORDS.confirmDiscard)) return;
            await addLog({
              key: e.key, title: e.title, businessTime: e.businessTime, discardedAt: new Date().toISOString(), user: user(),
              note: `${WORDS.note}: ${(e.answer && e.answer.message) || e.status}`, entry: e,
            });
            await deleteEntry(e.seq);
            await render();
          }

          // ---- The status bar and the panel ----
          function flash(text, kind) {
            let p = document.getElementById('offline-flash');
            if (!p) {
              p = document.createElement('p');
              p.id = 'offline-flash';
              document.querySelector('main').prepend(p);
            }
            p.className = `flash ${kind}`;
            p.textContent = text;
          }
          function el(tag, attributes, ...children) {
            const node = document.createElement(tag);
            for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
            for (const child of children) node.append(child);
            return node;
          }
          async function render() {
            const entries = await allEntries();
            const last = await getMeta('lastSync');
            const bar = document.getElementById('offline-bar');
            if (bar) {
              bar.className = 'offline-bar' + (navigator.onLine ? '' : ' offline');
              bar.dataset.online = String(navigator.onLine);
              bar.dataset.waiting = String(entries.length);
              bar.replaceChildren(
                el('span', { class: 'state' }, navigator.onLine ? WORDS.online : WORDS.offline),
                el('span', { class: 'waiting' }, `${WORDS.waiting}: ${entries.length}`),
                el('span', { class: 'last-sync' }, `${WORDS.lastSync}: ${screenTime(last)}`));
            }
            const panel = document.getElementById('sync-panel');
            if (!panel) return;
            const log = await allLog();
            panel.hidden = entries.length === 0 && log.length === 0;
            const list = el('ul');
            if (entries.some((e) => e.status === 'signedOut')) {
              list.append(el('li', { class: 'signed-out' }, WORDS.signedOut + ' ', el('a', { href: '/sign-in' }, WORDS.signIn)));
            }
            for (const e of entries) {
              const item = el('li', { class: 'sync-entry', 'data-key': e.key, 'data-status': e.status, 'data-seq': String(e.seq) },
                el('strong', {}, e.title || e.kind), ` · ${WORDS.recordedAt} ${screenTime(e.businessTime)} · `,
                el('span', { class: 'status' }, WORDS[e.status] || e.status));
              if (e.status === 'conflict' || e.status === 'refused') {
                const answer = e.answer || {};
                item.append(el('div', { class: 'message' }, answer.message || ''));
                if (e.seen) item.append(el('div', { class: 'seen' }, `${WORDS.saw}: ${e.seen.state} (${WORDS.version} ${e.seen.version})`));
                const c = answer.current;
                if (c && c.version) {
                  item.append(el('div', { class: 'current' },
                    `${WORDS.now}: ${c.stateLabel || c.state || ''} (${WORDS.version} ${c.version})` +
                    (c.changedBy ? `, ${WORDS.by} ${c.changedBy} ${WORDS.at} ${c.changedAtText || ''}` : '')));
                }
                const anew = el('button', { type: 'button', class: 'apply-anew' }, WORDS.applyAnew);
                anew.addEventListener('click', () => applyAnew(e.seq));
                const drop = el('button', { type: 'button', class: 'discard' }, WORDS.discard);
                drop.addEventListener('click', () => discard(e.seq));
                item.append(el('div', {}, anew, drop));
              }
              list.append(item);
            }
            for (const item of log.slice(-5)) {
              list.append(el('li', { class: 'discarded' }, `${WORDS.discarded}: ${item.title} (${screenTime(item.discardedAt)}) — ${item.note}`));
            }
            panel.replaceChildren(el('h2', {}, WORDS.panel), list);
          }

          // ---- Pages kept on the device: those the officer opens (the worker), and the field records in scope ----
          async function keepFieldPages() {
            if (!navigator.onLine || !user() || !navigator.serviceWorker) return;
            const stamp = Number(localStorage.getItem('ocop-kept-at') || 0);
            if (Date.now() - stamp < 10 * 60 * 1000 && localStorage.getItem('ocop-kept-user') === user()) return;
            try {
              // The active worker, whether or not it controls this page yet (on the first page after signing in it
              // activates while the page loads): waiting for `ready` does not depend on catching `controllerchange`.
              const registration = await navigator.serviceWorker.ready;
              const worker = registration.active || navigator.serviceWorker.controller;
              if (!worker) return;
              const response = await fetch('/offline/pages', { credentials: 'same-origin', cache: 'no-store' });
              if (!response.ok) return;
              const list = await response.json();
              worker.postMessage({ type: 'keep', urls: list.pages });
              localStorage.setItem('ocop-kept-at', String(Date.now()));
              localStorage.setItem('ocop-kept-user', user());
            } catch (error) { /* offline: nothing to keep now */ }
          }

          // Signing out drops the pages kept for this user (the queue stays: it belongs to its user and is sent as them).
          document.addEventListener('submit', (event) => {
            if (event.target.action && new URL(event.target.action).pathname === '/sign-out') {
              localStorage.removeItem('ocop-kept-at');
              if ('caches' in window) caches.delete(PAGES);
            }
          });

          if ('serviceWorker' in navigator) {
            navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => { /* http on another host: no worker, no offline pages */ });
            navigator.serviceWorker.addEventListener('controllerchange', keepFieldPages);
          }
          window.addEventListener('online', () => { render(); sync(); });
          window.addEventListener('offline', render);
          setInterval(() => { if (navigator.onLine) sync(); }, 20000);
          // For tests and the curious: the queue's state.
          window.ocopOffline = { sync, render, entries: allEntries, log: allLog };
          render().then(sync).then(keepFieldPages);
        })();
        """#
}
