import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { must, type Schemas } from '../../api-client/client';
import { api } from '../../app/services';

export type Content = Schemas['ContentView'];
export type ContentKind = Content['kind'];
export type NewContent = Schemas['CreateContentDto'];
export type ContentChanges = Schemas['UpdateContentDto'];

export const CONTENT_KINDS: readonly ContentKind[] = ['website_post', 'article', 'video', 'other'];
const PAGE_SIZE = 25;

/** Every answer about contents sits under this key, so a change refreshes them all. */
const CONTENTS_KEY = ['desk', 'contents'] as const;

export interface ContentFilters {
  q: string;
  kind: ContentKind | null;
}

/** The registry, newest-registered last, a page at a time; with q, the best matches (one page). */
export function useContents(filters: ContentFilters) {
  return useInfiniteQuery({
    queryKey: [...CONTENTS_KEY, 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET('/api/v1/contents', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(filters.q ? { q: filters.q } : {}),
              ...(filters.kind ? { kind: filters.kind } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useContent(id: string) {
  return useQuery({
    queryKey: [...CONTENTS_KEY, 'one', id],
    queryFn: async () => must(await api.GET('/api/v1/contents/{id}', { params: { path: { id } } })),
    retry: false,
  });
}

export function useAddContent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewContent) => must(await api.POST('/api/v1/contents', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: CONTENTS_KEY }),
  });
}

export function useEditContent(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: ContentChanges) => must(await api.PATCH('/api/v1/contents/{id}', { params: { path: { id } }, body })),
    onSuccess: (content) => {
      client.setQueryData([...CONTENTS_KEY, 'one', id], content);
      return client.invalidateQueries({ queryKey: [...CONTENTS_KEY, 'list'] });
    },
  });
}
