import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { retryUnlessNotFound } from '../../lib/api-problem';

/** One survey; a 404 (unknown or outside scope) is not retried. */
export function useSurvey(id: string) {
  return useQuery({
    queryKey: ['survey', id],
    queryFn: async () => must(await api.GET('/api/v1/surveys/{id}', { params: { path: { id } } })),
    retry: retryUnlessNotFound,
  });
}

/** The survey's counts per unit and per question, re-read after each questionnaire saved. */
export function useSurveyResults(id: string) {
  return useQuery({
    queryKey: ['survey', id, 'results'],
    queryFn: async () => must(await api.GET('/api/v1/surveys/{id}/results', { params: { path: { id } } })),
    retry: retryUnlessNotFound,
  });
}

/** The surveys the reader can see, a page at a time ("Xem thêm"). */
export function useSurveyPages() {
  return useInfiniteQuery({
    queryKey: ['surveys'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => must(await api.GET('/api/v1/surveys', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

