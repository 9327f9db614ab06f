import { describe, expect, it } from 'vitest';
import { dueAtOf, namesAnyone, pendingListText, percentOf, waitingOf } from './task-desk';

describe('the task desk’s small rules', () => {
  it('copies the pending list one "name — unit" a line, in the order given', () => {
    expect(
      pendingListText([
        { fullName: 'Trần Thị Bình', unitName: 'Chi bộ A1' },
        { fullName: 'Đỗ Văn Em', unitName: 'Chi bộ A2' },
      ]),
    ).toBe('Trần Thị Bình — Chi bộ A1\nĐỗ Văn Em — Chi bộ A2');
    expect(pendingListText([])).toBe('');
  });

  it('reads a due time typed in the form as Vietnam time', () => {
    expect(dueAtOf('2026-12-05T17:00')).toBe('2026-12-05T17:00:00+07:00');
    expect(new Date(dueAtOf('2026-12-05T17:00')!).toISOString()).toBe('2026-12-05T10:00:00.000Z');
    expect(dueAtOf('')).toBeUndefined();
  });

  it('counts who is still waiting and the bars’ shares', () => {
    expect(waitingOf({ assigned: 6, done: 2, declined: 1 })).toBe(3);
    expect(percentOf(2, 8)).toBe(25);
    expect(percentOf(0, 0)).toBe(0);
  });

  it('knows a task given to nobody', () => {
    expect(namesAnyone({})).toBe(false);
    expect(namesAnyone({ userIds: [], teamIds: ['4'] })).toBe(true);
  });
});
