import { useQuery } from '@tanstack/react-query';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { placeUnits, type PlacedUnit, type Unit } from './unit-tree';

/** Every unit in the reader's scope, in tree order (GET /org-units, all pages). */
export function useUnits() {
  return useQuery({
    queryKey: ['org-units', 'all'],
    queryFn: async (): Promise<PlacedUnit[]> => {
      const units: Unit[] = [];
      let cursor: string | undefined;
      do {
        const page = must(await api.GET('/api/v1/org-units', { params: { query: { limit: 200, cursor } } }));
        units.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return placeUnits(units);
    },
    staleTime: 60_000,
  });
}
