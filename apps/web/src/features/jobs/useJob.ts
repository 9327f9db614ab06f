import { useQuery } from '@tanstack/react-query';
import { must, type Schemas } from '../../api-client/client';
import { api } from '../../app/services';

export type Job = Schemas['JobView'];

/** Follows GET /jobs/:id every second until the job is done or failed (null: no job yet). */
export function useJob(jobId: string | null) {
  return useQuery({
    queryKey: ['job', jobId],
    enabled: jobId !== null,
    queryFn: async () => must(await api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId! } } })),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data) ? false : 1000),
    staleTime: 0,
  });
}

export function isFinished(job: Job): boolean {
  return job.status === 'done' || job.status === 'failed';
}
