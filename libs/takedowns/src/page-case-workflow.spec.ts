import { PageCaseStatus } from '@app/contracts';
import { allStatusPairs, assertTransition, canTransition, PAGE_CASE_TRANSITIONS } from './page-case-workflow';
import { TakedownError, TakedownErrorCode } from './takedowns.errors';

/** The allowed moves, written out by hand from SPEC; everything else is refused. */
const ALLOWED = new Set([
  'new→verified',
  'new→rejected',
  'verified→removal_requested',
  'removal_requested→removed',
  'removal_requested→still_online',
]);

describe('page case workflow', () => {
  it('covers all 36 pairs of the six statuses', () => {
    expect(allStatusPairs()).toHaveLength(36);
    expect(Object.keys(PAGE_CASE_TRANSITIONS).sort()).toEqual(
      ['new', 'rejected', 'removal_requested', 'removed', 'still_online', 'verified'],
    );
  });

  it.each(allStatusPairs())('%s → %s', (from, to) => {
    const allowed = ALLOWED.has(`${from}→${to}`);
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) {
      expect(() => assertTransition(from, to)).not.toThrow();
      return;
    }
    let thrown: unknown;
    try {
      assertTransition(from, to);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TakedownError);
    expect((thrown as TakedownError).code).toBe(TakedownErrorCode.InvalidTransition);
    expect((thrown as TakedownError).field).toBe('status');
    expect((thrown as TakedownError).message).toContain(`${from} cannot become ${to}`);
  });

  it.each<[PageCaseStatus, string]>([
    ['new', 'it can become verified or rejected'],
    ['removal_requested', 'it can become removed or still_online'],
    ['removed', 'it can no longer change'],
  ])('tells where a %s case can go', (from, hint) => {
    expect(() => assertTransition(from, 'new')).toThrow(hint);
  });
});
