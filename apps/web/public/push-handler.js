/*
 * Web Push in the service worker (issue 12), loaded by the generated worker through
 * workbox importScripts. A message is the API's small JSON: { title, body, url, tag }.
 */
self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    // Not JSON: still tell the person something arrived.
  }
  const title = typeof message.title === 'string' && message.title ? message.title : 'Lan Tỏa';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof message.body === 'string' ? message.body : 'Nhiệm vụ mới',
      // One notification per task: a second message about the same task replaces the first.
      tag: typeof message.tag === 'string' ? message.tag : undefined,
      icon: '/icons/icon-192.png',
      lang: 'vi',
      data: { url: typeof message.url === 'string' ? message.url : '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  // Only a page of this app opens: a message never sends the person elsewhere.
  const target = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
  const url = target.origin === self.location.origin ? target.href : self.location.origin + '/';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) return open.focus().then((client) => (client && client.url !== url && 'navigate' in client ? client.navigate(url) : client));
      return self.clients.openWindow(url);
    }),
  );
});
