import type { Schemas } from '../../api-client/client';

export type HistoryAction = Schemas['ActionView'];
export type HistoryReport = Schemas['MyReportView'];

/** One row of my history: an action at its occurredAt, or a report at its filing time. */
export type HistoryEntry =
  | { kind: 'action'; key: string; at: string; action: HistoryAction }
  | { kind: 'report'; key: string; at: string; report: HistoryReport };

/** What is loaded of one list, newest first, and whether the API has older rows. */
export interface LoadedStream<T> {
  items: readonly T[];
  more: boolean;
}

export interface Timeline {
  /** The rows that can be shown in order: nothing older than what is still to load from either list. */
  entries: HistoryEntry[];
  /** Which list to page on "load more" (the one holding the others back); none when both are complete. */
  next: { actions: boolean; reports: boolean };
}

const newestFirst = (a: HistoryEntry, b: HistoryEntry) => Date.parse(b.at) - Date.parse(a.at) || b.key.localeCompare(a.key, 'en', { numeric: true });

/**
 * Merges the two cursor-paged lists (GET /actions?userId=me and GET /me/reports, each newest
 * first) into one timeline. A row is shown only when it is newer than the oldest loaded row
 * of the other list while that list has more, because an unloaded row could belong above it;
 * so "load more" only ever adds rows below the ones already shown.
 */
export function mergeHistory(actions: LoadedStream<HistoryAction>, reports: LoadedStream<HistoryReport>): Timeline {
  const actionRows: HistoryEntry[] = actions.items.map((action) => ({ kind: 'action', key: `a${action.id}`, at: action.occurredAt, action }));
  const reportRows: HistoryEntry[] = reports.items.map((report) => ({ kind: 'report', key: `r${report.id}`, at: report.createdAt, report }));
  const actionsEdge = edgeOf(actions.more, actionRows);
  const reportsEdge = edgeOf(reports.more, reportRows);
  const entries = [
    ...actionRows.filter((row) => Date.parse(row.at) > reportsEdge),
    ...reportRows.filter((row) => Date.parse(row.at) > actionsEdge),
  ].sort(newestFirst);
  return {
    entries,
    next: {
      actions: actions.more && actionsEdge >= reportsEdge,
      reports: reports.more && reportsEdge >= actionsEdge,
    },
  };
}

/** The time below which a list may still hold unloaded rows: its oldest loaded row, or -∞ when complete. */
function edgeOf(more: boolean, rows: HistoryEntry[]): number {
  if (!more) return -Infinity;
  if (rows.length === 0) return Infinity;
  return Date.parse(rows[rows.length - 1].at);
}
