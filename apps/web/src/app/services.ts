import { QueryClient } from '@tanstack/react-query';
import { createApiClient } from '../api-client/client';
import { Session } from '../features/session/session';
import { webSessionTransport } from '../features/session/web-session-transport';
import { QueueStore } from '../features/offline-queue/queue-store';

/** The one session, API client, offline queue and query cache of the page. */
export const session = new Session(webSessionTransport());
export const api = createApiClient(() => session.accessToken());
export const queueStore = new QueueStore();
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: 1, staleTime: 30_000, refetchOnWindowFocus: true, networkMode: 'online' },
  },
});

// Signing out (or the session ending) drops every cached answer: they hold this person's data.
session.subscribe((state) => {
  if (state.status === 'signed-out') queryClient.clear();
});
