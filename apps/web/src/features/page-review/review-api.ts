import { useInfiniteQuery, useQuery, useQueries } from '@tanstack/react-query';
import { must, type Schemas } from '../../api-client/client';
import { api } from '../../app/services';
import { listQueryOf, type QueueFilters } from './queue-filters';

export type CaseEvent = Schemas['PageCaseEventView'];
export type Report = Schemas['ReportView'];
export type Evidence = Schemas['EvidenceView'];
export type MoveResult = Schemas['PageCaseMoveResult'];

const QUEUE_PAGE_SIZE = 25;
/** Reports shown on a case page; a case rarely has more, and each one's evidence is asked for. */
const CASE_REPORTS_SHOWN = 50;

/** Every answer about page cases sits under this key, so a change refreshes them all. */
export const PAGES_KEY = ['desk', 'pages'] as const;

export function useCaseQueue(filters: QueueFilters) {
  return useInfiniteQuery({
    queryKey: [...PAGES_KEY, 'queue', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET('/api/v1/pages', {
          params: { query: { ...listQueryOf(filters), limit: QUEUE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function usePageCase(id: string) {
  return useQuery({
    queryKey: [...PAGES_KEY, 'case', id],
    queryFn: async () => must(await api.GET('/api/v1/pages/{id}', { params: { path: { id } } })),
    retry: false,
  });
}

export function useCaseHistory(id: string) {
  return useQuery({
    queryKey: [...PAGES_KEY, 'history', id],
    queryFn: async () => must(await api.GET('/api/v1/pages/{id}/history', { params: { path: { id } } })).items,
    retry: false,
  });
}

/** The case's reports the caller may see, each with its evidence records. */
export function useCaseReports(id: string) {
  const list = useQuery({
    queryKey: [...PAGES_KEY, 'reports', id],
    queryFn: async () =>
      must(await api.GET('/api/v1/reports', { params: { query: { pageCaseId: id, limit: CASE_REPORTS_SHOWN } } })).items,
  });
  const details = useQueries({
    queries: (list.data ?? []).map((report) => ({
      queryKey: ['desk', 'reports', report.id],
      queryFn: async () => must(await api.GET('/api/v1/reports/{id}', { params: { path: { id: report.id } } })),
      staleTime: 5 * 60_000,
    })),
  });
  return { list, details };
}

/** Moves several cases at once (POST /pages/transitions); each case answered on its own. */
export async function moveCases(pageCaseIds: string[], to: 'verified' | 'rejected'): Promise<MoveResult[]> {
  return must(await api.POST('/api/v1/pages/transitions', { body: { pageCaseIds, to } })).results;
}
