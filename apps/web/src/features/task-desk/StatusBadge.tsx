import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Task } from './task-desk';

/** Open, overdue (open and past due) or closed; filled in dark shades so white text passes AA contrast. */
export function StatusBadge({ task }: { task: Pick<Task, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  const state = task.overdue ? 'overdue' : task.status;
  const color = { open: 'blue.8', overdue: 'red.8', closed: 'gray.7' }[state];
  return (
    <Badge color={color} variant="filled" style={{ flexShrink: 0 }}>
      {t(`desk.assigning.status.${state}`)}
    </Badge>
  );
}
