import { Route, Routes } from 'react-router';
import { DeskNotFound } from '../../app/DeskShell';
import { MemberDetail } from './MemberDetail';
import { MemberImport } from './MemberImport';
import { MemberList } from './MemberList';
import { NewMember } from './NewMember';

/** Members at /desk/members: the list, a new member, the CSV import and one member's account. */
export default function MembersArea() {
  return (
    <Routes>
      <Route index element={<MemberList />} />
      <Route path="new" element={<NewMember />} />
      <Route path="import" element={<MemberImport />} />
      <Route path=":id" element={<MemberDetail />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}
