import { textSearchSql } from './text-search';

describe('textSearchSql', () => {
  it('reads q from the parameter it is given, folded on both sides', () => {
    const search = textSearchSql(['u.full_name', 'u.username'], 'Đức', 7);
    expect(search.params).toEqual(['Đức']);
    expect(search.match).toContain(`lantoa_fold(u.full_name) LIKE '%' || lantoa_fold($7::text) || '%'`);
    expect(search.match).toContain('lantoa_fold($7::text) <% lantoa_fold(u.username)');
    expect(search.rank).toMatch(/^greatest\(/);
    expect(search.match).not.toContain('$8');
  });

  it.each([
    ['100%', '100\\%'],
    ['a_b', 'a\\_b'],
    ['C:\\tmp', 'C:\\\\tmp'],
  ])('makes the LIKE wildcards in %s plain characters', (q, param) => {
    expect(textSearchSql(['t.title'], q, 1).params).toEqual([param]);
  });

  it('ranks one column without greatest()', () => {
    expect(textSearchSql(['t.title'], 'x', 1).rank).not.toContain('greatest');
  });
});
