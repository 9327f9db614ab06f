import { describe, expect, it } from 'vitest';
import { mergeHistory, type HistoryAction, type HistoryReport } from './history-timeline';

const action = (id: string, minute: number): HistoryAction => ({
  id,
  userId: '1',
  orgUnitId: '1',
  type: 'share',
  platform: 'facebook',
  url: `https://www.facebook.com/p/${id}`,
  reach: 0,
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  taskId: null,
  contentId: null,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
});
const report = (id: string, minute: number): HistoryReport => ({
  id,
  url: `https://www.facebook.com/page.${id}`,
  platform: 'facebook',
  category: 'scam',
  description: null,
  taskId: null,
  userId: '1',
  orgUnitId: '1',
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  pageCaseId: null,
  pageCaseStatus: null,
});
const keys = (timeline: ReturnType<typeof mergeHistory>) => timeline.entries.map((e) => e.key);

describe('mergeHistory', () => {
  it('interleaves two complete lists newest first', () => {
    const timeline = mergeHistory({ items: [action('3', 50), action('2', 20)], more: false }, { items: [report('9', 40), report('8', 10)], more: false });
    expect(keys(timeline)).toEqual(['a3', 'r9', 'a2', 'r8']);
    expect(timeline.next).toEqual({ actions: false, reports: false });
  });

  it('holds back rows older than what the other list has still to load, and pages that list next', () => {
    // Reports loaded down to minute 40 with more to come: the action at 20 could have a report above it.
    const timeline = mergeHistory({ items: [action('3', 50), action('2', 20)], more: false }, { items: [report('9', 45), report('8', 40)], more: true });
    expect(keys(timeline)).toEqual(['a3', 'r9', 'r8']);
    expect(timeline.next).toEqual({ actions: false, reports: true });
  });

  it('pages the list whose oldest loaded row is newer, the one holding the other back', () => {
    const timeline = mergeHistory({ items: [action('3', 50), action('2', 30)], more: true }, { items: [report('9', 45), report('8', 10)], more: true });
    expect(keys(timeline)).toEqual(['a3', 'r9', 'a2']);
    expect(timeline.next).toEqual({ actions: true, reports: false });
  });

  it('pages both lists when their oldest rows are at the same time', () => {
    const timeline = mergeHistory({ items: [action('2', 30)], more: true }, { items: [report('8', 30)], more: true });
    expect(keys(timeline)).toEqual([]);
    expect(timeline.next).toEqual({ actions: true, reports: true });
  });

  it('shows nothing of either list before the other has loaded its first page', () => {
    const timeline = mergeHistory({ items: [action('2', 30)], more: false }, { items: [], more: true });
    expect(keys(timeline)).toEqual([]);
    expect(timeline.next).toEqual({ actions: false, reports: true });
  });

  it('walks two paged lists to the same order as merging them whole', () => {
    const allActions = [59, 41, 40, 33, 12, 11, 3].map((m, i) => action(String(100 - i), m));
    const allReports = [58, 40, 35, 2].map((m, i) => report(String(200 - i), m));
    const whole = keys(mergeHistory({ items: allActions, more: false }, { items: allReports, more: false }));
    const loaded = { actions: 2, reports: 2 };
    const seen: string[][] = [];
    for (let step = 0; step < 10; step++) {
      const timeline = mergeHistory(
        { items: allActions.slice(0, loaded.actions), more: loaded.actions < allActions.length },
        { items: allReports.slice(0, loaded.reports), more: loaded.reports < allReports.length },
      );
      seen.push(keys(timeline));
      if (!timeline.next.actions && !timeline.next.reports) break;
      if (timeline.next.actions) loaded.actions += 2;
      if (timeline.next.reports) loaded.reports += 2;
    }
    expect(seen[seen.length - 1]).toEqual(whole);
    // Each step only adds rows below the ones shown before.
    for (let i = 1; i < seen.length; i++) expect(seen[i].slice(0, seen[i - 1].length)).toEqual(seen[i - 1]);
  });
});
