import { beforeEach, describe, expect, it } from 'vitest';
import { markSeen, seenMark, subscribeSeenMark, unseenAssignments } from './seen-assignments';
import type { Assignment } from './sort-assignments';

const assignment = (id: string, status: Assignment['status'] = 'assigned', taskStatus: 'open' | 'closed' = 'open'): Assignment =>
  ({ id, status, task: { status: taskStatus } }) as Assignment;

describe('seen assignments', () => {
  beforeEach(() => localStorage.clear());

  it('counts every open assignment as new before the first visit', () => {
    const items = [assignment('9'), assignment('10', 'done'), assignment('11', 'assigned', 'closed'), assignment('12')];
    expect(unseenAssignments(items, seenMark('7')).map((a) => a.id)).toEqual(['9', '12']);
  });

  it('counts only open assignments newer than the mark, compared as numbers not text', () => {
    markSeen('7', [assignment('9')]);
    const items = [assignment('9'), assignment('10'), assignment('100'), assignment('101', 'declined')];
    expect(unseenAssignments(items, seenMark('7')).map((a) => a.id)).toEqual(['10', '100']);
  });

  it('keeps one mark per user, never moves it back, and tells listeners when it moves', () => {
    let calls = 0;
    const stop = subscribeSeenMark(() => calls++);
    markSeen('7', [assignment('20')]);
    markSeen('7', [assignment('5')]);
    markSeen('8', []);
    stop();
    expect(seenMark('7')).toBe('20');
    expect(seenMark('8')).toBe('0');
    expect(calls).toBe(2);
  });
});
