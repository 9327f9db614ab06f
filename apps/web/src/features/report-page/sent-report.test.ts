import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api-client/client';
import { findSentReport } from './sent-report';

const at = Date.UTC(2026, 11, 3, 7, 0);
const mine = (id: string, url: string, minutesAfter: number, category: Schemas['MyReportView']['category'] = 'scam'): Schemas['MyReportView'] => ({
  id,
  url,
  platform: 'facebook',
  category,
  description: null,
  taskId: null,
  userId: '1',
  orgUnitId: '1',
  createdAt: new Date(at + minutesAfter * 60_000).toISOString(),
  pageCaseId: null,
  pageCaseStatus: null,
});

describe('findSentReport', () => {
  it('finds the report by its link in the API’s canonical form', () => {
    const reports = [mine('3', 'https://www.facebook.com/other', 1), mine('2', 'https://www.facebook.com/trang.xau', 0)];
    expect(findSentReport(reports, { url: 'https://WWW.facebook.com/trang.xau?utm_source=zalo#top', category: 'scam', sentAt: at })?.id).toBe('2');
  });

  it('falls back to the newest report of the category filed since sending', () => {
    const reports = [mine('3', 'https://www.facebook.com/x', 1, 'hate'), mine('2', 'https://www.facebook.com/y', 0)];
    expect(findSentReport(reports, { url: 'not a url', category: 'scam', sentAt: at })?.id).toBe('2');
  });

  it('never takes an older report of mine for the one just sent', () => {
    const reports = [mine('1', 'https://www.facebook.com/trang.xau', -60)];
    expect(findSentReport(reports, { url: 'https://www.facebook.com/trang.xau', category: 'scam', sentAt: at })).toBeNull();
  });
});
