import { describe, expect, it } from 'vitest';
import { sortAssignments, type Assignment } from './sort-assignments';

const assignment = (id: string, status: Assignment['status'], dueAt: string | null): Assignment => ({
  id,
  taskId: `t-${id}`,
  userId: 'u',
  orgUnitId: 'o',
  status,
  completedAt: null,
  createdAt: '2024-01-01T00:00:00Z',
  overdue: false,
  task: { id: `t-${id}`, title: id, kind: 'share', instructions: null, contentId: null, targetUrl: null, dueAt, status: 'open' },
});

describe('sortAssignments', () => {
  it('puts open tasks first, each group by due date with undated ones last', () => {
    const sorted = sortAssignments([
      assignment('done-early', 'done', '2024-01-01T00:00:00Z'),
      assignment('open-undated', 'assigned', null),
      assignment('open-late', 'assigned', '2024-03-01T00:00:00Z'),
      assignment('open-soon', 'assigned', '2024-02-01T00:00:00Z'),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['open-soon', 'open-late', 'open-undated', 'done-early']);
  });
});
