/** What a list embeds to search its rows for `q`: a predicate, a rank, and the parameter both read. */
export interface TextSearchSql {
  /** True for a row whose folded column holds the folded q, or whose words are close to it. */
  match: string;
  /** Higher for better matches; order by it descending. */
  rank: string;
  /** The one parameter, `$n`, to append to the statement's parameters. */
  params: [string];
}

// q reaches LIKE as a pattern, so its own % and _ must be literal.
const likeLiteral = (q: string) => q.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The accent- and case-insensitive search of `columns` (SQL expressions) for q, as parameter
 * `$n`. Both sides go through `lantoa_fold` (migration 1765500000000), so the GIN trigram index
 * on `lantoa_fold(column)` serves the substring (`LIKE`) and the word-similarity (`<%`) tests.
 * A substring match outranks a merely similar one; within each, closer text comes first.
 */
export function textSearchSql(columns: string[], q: string, n: number): TextSearchSql {
  const needle = `lantoa_fold($${n}::text)`;
  const contains = (column: string) => `lantoa_fold(${column}) LIKE '%' || ${needle} || '%'`;
  const match = columns.map((column) => `${contains(column)} OR ${needle} <% lantoa_fold(${column})`).join(' OR ');
  const ranks = columns.map(
    (column) =>
      `(${contains(column)})::int * 2 + word_similarity(${needle}, lantoa_fold(${column})) + similarity(${needle}, lantoa_fold(${column}))`,
  );
  return {
    match: `(${match})`,
    rank: ranks.length === 1 ? ranks[0] : `greatest(${ranks.join(', ')})`,
    params: [likeLiteral(q)],
  };
}
