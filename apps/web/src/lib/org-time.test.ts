import { describe, expect, it } from 'vitest';
import { instantOfOrgWallTime, orgToday, orgWallTimeNow, orgYear } from './org-time';

describe('the organisation’s wall time', () => {
  it('reads a typed time as a time in Vietnam', () => {
    expect(new Date(instantOfOrgWallTime('2026-03-01T09:30')).toISOString()).toBe('2026-03-01T02:30:00.000Z');
  });

  it('shows an instant late on 31 December UTC as the next year in Vietnam', () => {
    const instant = new Date('2023-12-31T18:00:00Z');
    expect(orgWallTimeNow(instant)).toBe('2024-01-01T01:00');
    expect(orgToday(instant)).toBe('2024-01-01');
    expect(orgYear(instant)).toBe(2024);
  });
});
