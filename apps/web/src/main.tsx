import './app/mantine-styles';
import './i18n';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import App from './app/App';

// Rendered as a transition, React yields to the browser every few milliseconds instead of
// holding a cheap phone's main thread for the whole first render (Lighthouse's blocking time).
const root = createRoot(document.getElementById('root')!);
startTransition(() =>
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

// The desk's chunks come from the network (vite.config.ts): a page opened before a deploy asks for
// files the new build no longer has. It loads the new app once rather than show a broken screen.
// At most once a minute, so a chunk that is really missing shows its error instead of a reload loop.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('lantoa.reloadedForChunk') ?? 0);
  if (Date.now() - last < 60_000) return;
  sessionStorage.setItem('lantoa.reloadedForChunk', String(Date.now()));
  event.preventDefault();
  location.reload();
});

// The service worker caches the app shell only; it registers after the first paint.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void import('workbox-window').then(({ Workbox }) => void new Workbox('/sw.js').register());
}
