import { CaseStatusBadge } from '../history/CaseStatusBadge';
import type { CaseStatus } from './queue-filters';

/** A case's status as the phone app's history shows it: the same words and AA colours. */
export function CaseStatusTag({ status, plain = false }: { status: CaseStatus; plain?: boolean }) {
  // The phone's badge shows a status only for a report linked to a case; a case always is one.
  return <CaseStatusBadge report={{ pageCaseId: 'case', pageCaseStatus: status }} plain={plain} />;
}
