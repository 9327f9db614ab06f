import { Route, Routes } from 'react-router';
import { DeskNotFound } from '../../app/DeskShell';
import { TeamDetail } from './TeamDetail';
import { TeamList } from './TeamList';

/** Teams at /desk/teams: the list with a new team's form, and one team's members. */
export default function TeamsArea() {
  return (
    <Routes>
      <Route index element={<TeamList />} />
      <Route path=":id" element={<TeamDetail />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}
