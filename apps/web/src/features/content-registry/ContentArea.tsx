import { Route, Routes } from 'react-router';
import { DeskNotFound } from '../../app/DeskShell';
import { ContentDetail } from './ContentDetail';
import { ContentForm } from './ContentForm';
import { ContentList } from './ContentList';

/** The content registry (/desk/contents/*): the list, a new item, one item. */
export default function ContentArea() {
  return (
    <Routes>
      <Route index element={<ContentList />} />
      <Route path="new" element={<ContentForm />} />
      <Route path=":id" element={<ContentDetail />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}
