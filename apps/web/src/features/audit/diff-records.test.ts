import { describe, expect, it } from 'vitest';
import { diffRecords, showValue } from './diff-records';

describe('diffRecords: what an audit entry changed', () => {
  it('splits changed keys from unchanged ones, in the order they appear', () => {
    const diff = diffRecords(
      { id: '7', name: 'Chi bộ A', parentId: '1', active: true },
      { id: '7', name: 'Chi bộ A (mới)', parentId: '2', active: true },
    );
    expect(diff.changed).toEqual([
      { key: 'name', before: 'Chi bộ A', after: 'Chi bộ A (mới)' },
      { key: 'parentId', before: '1', after: '2' },
    ]);
    expect(diff.unchanged.map((change) => change.key)).toEqual(['id', 'active']);
  });

  it('reads a missing record as empty: a create changes every key, a key that appears or goes is a change', () => {
    expect(diffRecords(null, { name: 'X' }).changed).toEqual([{ key: 'name', before: undefined, after: 'X' }]);
    expect(diffRecords({ code: 'A' }, {}).changed).toEqual([{ key: 'code', before: 'A', after: undefined }]);
    expect(diffRecords(undefined, undefined)).toEqual({ changed: [], unchanged: [] });
  });

  it('compares nested values by their content', () => {
    const diff = diffRecords({ roles: ['admin'], meta: { a: 1 } }, { roles: ['admin'], meta: { a: 2 } });
    expect(diff.unchanged.map((change) => change.key)).toEqual(['roles']);
    expect(diff.changed.map((change) => change.key)).toEqual(['meta']);
  });

  it('tells null from absent', () => {
    expect(diffRecords({ code: null }, {}).changed).toHaveLength(1);
  });

  it('shows values as one line of text', () => {
    expect(showValue('Chi bộ')).toBe('Chi bộ');
    expect(showValue(undefined)).toBe('');
    expect(showValue(null)).toBe('null');
    expect(showValue(['a', 'b'])).toBe('["a","b"]');
    expect(showValue(true)).toBe('true');
  });
});
