import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { myAssignmentsQuery } from './my-assignments';
import { seenMark, subscribeSeenMark, unseenAssignments } from './seen-assignments';

/** How many open assignments arrived since the person last opened the tasks screen. */
export function useNewAssignmentCount(userId: string): number {
  const mark = useSyncExternalStore(subscribeSeenMark, () => seenMark(userId));
  const { data } = useQuery(myAssignmentsQuery);
  return data ? unseenAssignments(data.items, mark).length : 0;
}
