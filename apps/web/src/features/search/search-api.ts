import { useQueries } from '@tanstack/react-query';
import { must, type Schemas } from '../../api-client/client';
import { api } from '../../app/services';

/** How many matches each group shows: the best ones, as the API ranks them. */
export const MATCHES_PER_GROUP = 10;

export type SearchGroups = {
  people: Schemas['UserView'][];
  teams: Schemas['TeamView'][];
  contents: Schemas['ContentView'][];
  tasks: Schemas['TaskView'][];
  pages: Schemas['PageCaseView'][];
};
export type SearchGroup = keyof SearchGroups;
export const SEARCH_GROUPS: readonly SearchGroup[] = ['people', 'teams', 'contents', 'tasks', 'pages'];

const query = (q: string) => ({ params: { query: { q, limit: MATCHES_PER_GROUP } } });

// One search asks the five lists at once; each list keeps its own scope, so a group may stay empty.
const FETCHERS: { [G in SearchGroup]: (q: string) => Promise<SearchGroups[G]> } = {
  people: async (q) => must(await api.GET('/api/v1/users', query(q))).items,
  teams: async (q) => must(await api.GET('/api/v1/teams', query(q))).items,
  contents: async (q) => must(await api.GET('/api/v1/contents', query(q))).items,
  // The desk's tasks: those whose progress page it can open.
  tasks: async (q) => must(await api.GET('/api/v1/tasks', { params: { query: { q, managed: true, limit: MATCHES_PER_GROUP } } })).items,
  pages: async (q) => must(await api.GET('/api/v1/pages', query(q))).items,
};

/** The matches of q in each group; nothing is asked while q is empty. */
export function useSearch(q: string) {
  return useQueries({
    queries: SEARCH_GROUPS.map((group) => ({
      queryKey: ['desk', 'search', group, q],
      queryFn: () => FETCHERS[group](q),
      enabled: q !== '',
    })),
  });
}
