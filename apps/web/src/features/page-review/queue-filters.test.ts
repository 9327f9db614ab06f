import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, filtersFrom, listQueryOf, paramsOf, yearsOffered } from './queue-filters';

describe('queue filters', () => {
  it('reads what the address names and drops what it does not understand', () => {
    expect(filtersFrom(new URLSearchParams('status=verified&category=scam&due=true&year=2024'))).toEqual({
      status: 'verified',
      category: 'scam',
      due: true,
      year: 2024,
    });
    expect(filtersFrom(new URLSearchParams('status=gone&category=x&due=1&year=19'))).toEqual({
      status: null,
      category: null,
      due: false,
      year: null,
    });
  });

  it('writes back what it read, and sends only the filters that are set', () => {
    const filters = { status: 'new' as const, category: null, due: true, year: 2023 };
    expect(filtersFrom(paramsOf(filters))).toEqual(filters);
    expect(listQueryOf(filters)).toEqual({ status: 'new', due: true, year: 2023 });
    expect(listQueryOf({ status: null, category: null, due: false, year: null })).toEqual({});
  });

  it('offers the workflow’s six statuses, new first', () => {
    expect(CASE_STATUSES[0]).toBe('new');
    expect(CASE_STATUSES).toHaveLength(6);
  });

  it('offers the years back to 2020', () => {
    expect(yearsOffered(new Date('2026-06-01T00:00:00Z'))).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020]);
  });
});
