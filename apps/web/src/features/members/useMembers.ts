import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { must, type Schemas } from '../../api-client/client';
import { api } from '../../app/services';
import { nfc } from '../../lib/format';
import { retryUnlessNotFound } from '../../lib/api-problem';

export type Member = Schemas['UserView'];
export type Team = Schemas['TeamView'];

export interface MemberFilter {
  q: string;
  orgUnitId: string | null;
  active: 'all' | 'true' | 'false';
}


/**
 * Active people found by name or username as someone types (debounced 300 ms; the API matches
 * without accents): the assignee picker's and the team's "add a member" search. `q` is the text
 * that was asked, once it has `minLength` letters.
 */
export function usePeopleSearch(typed: string, minLength: number) {
  const [q] = useDebouncedValue(nfc(typed), 300);
  const found = useQuery({
    queryKey: ['users', 'search', q],
    enabled: q.length >= minLength,
    queryFn: async () => must(await api.GET('/api/v1/users', { params: { query: { q, active: true, limit: 10 } } })).items,
  });
  return { q, found };
}

/** Members matching the filter, a page at a time; a search answers its best matches in one page. */
export function useMemberPages(filter: MemberFilter) {
  return useInfiniteQuery({
    queryKey: ['users', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET('/api/v1/users', {
          params: {
            query: {
              limit: 50,
              cursor: pageParam,
              ...(nfc(filter.q) ? { q: nfc(filter.q) } : {}),
              ...(filter.orgUnitId ? { orgUnitId: filter.orgUnitId } : {}),
              ...(filter.active === 'all' ? {} : { active: filter.active === 'true' }),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useMember(id: string) {
  return useQuery({
    queryKey: ['user', id],
    queryFn: async () => must(await api.GET('/api/v1/users/{id}', { params: { path: { id } } })),
    retry: retryUnlessNotFound,
  });
}

export function useTeam(id: string) {
  return useQuery({
    queryKey: ['team', id],
    queryFn: async () => must(await api.GET('/api/v1/teams/{id}', { params: { path: { id } } })),
    retry: retryUnlessNotFound,
  });
}

/** Every team the reader can see (all pages), for pickers. */
export function useAllTeams() {
  return useQuery({
    queryKey: ['teams', 'all'],
    queryFn: async (): Promise<Team[]> => {
      const teams: Team[] = [];
      let cursor: string | undefined;
      do {
        const page = must(await api.GET('/api/v1/teams', { params: { query: { limit: 200, cursor } } }));
        teams.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return teams;
    },
  });
}

