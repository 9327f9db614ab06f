import { Route, Routes } from 'react-router';
import { DeskNotFound } from '../../app/DeskShell';
import CasePage from './CasePage';
import ReviewQueue from './ReviewQueue';

/** /desk/pages/*: the review queue of page cases and each case's page. */
export default function PageReviewArea() {
  return (
    <Routes>
      <Route index element={<ReviewQueue />} />
      <Route path=":id" element={<CasePage />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}
