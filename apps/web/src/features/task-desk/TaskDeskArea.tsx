import { Route, Routes } from 'react-router';
import { DeskNotFound } from '../../app/DeskShell';
import { NewTask } from './NewTask';
import { TaskList } from './TaskList';
import { TaskProgress } from './TaskProgress';

/** Tasks at /desk/tasks: the list, a new task with whom it goes to, and one task's progress. */
export default function TaskDeskArea() {
  return (
    <Routes>
      <Route index element={<TaskList />} />
      <Route path="new" element={<NewTask />} />
      <Route path=":id" element={<TaskProgress />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}
