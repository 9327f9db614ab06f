/**
 * SQL for "instant `column` falls in year $n" in the organisation's zone ($tz): an
 * action at 2023-12-31T18:00Z belongs to 2024 in Asia/Ho_Chi_Minh. Index-friendly.
 */
export function inYearSql(column: string, yearParam: string, tzParam: string): string {
  return `${column} >= make_timestamptz(${yearParam}::int, 1, 1, 0, 0, 0, ${tzParam})
      AND ${column} < make_timestamptz(${yearParam}::int + 1, 1, 1, 0, 0, 0, ${tzParam})`;
}

/** SQL for "calendar date `column` falls in year $n" (surveys' start, directives' issue date). */
export function dateInYearSql(column: string, yearParam: string): string {
  return `${column} >= make_date(${yearParam}::int, 1, 1) AND ${column} < make_date(${yearParam}::int + 1, 1, 1)`;
}
