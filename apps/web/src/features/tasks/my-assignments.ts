import { queryOptions } from '@tanstack/react-query';
import { must } from '../../api-client/client';
import { api } from '../../app/services';

/**
 * The person's assignments, shared by the tasks screen and the footer badge. Refetched every
 * minute and when the app comes back to the front, so a new task shows without a reload.
 */
export const myAssignmentsQuery = queryOptions({
  queryKey: ['me', 'assignments'],
  queryFn: async () => must(await api.GET('/api/v1/me/assignments', { params: { query: { limit: 100 } } })),
  staleTime: 5_000,
  refetchInterval: 60_000,
});
