/** Whole weeks left in the year (at least 1), in the organisation's calendar. */
export function weeksLeft(year: number, now = new Date()): number {
  const end = Date.UTC(year + 1, 0, 1) - 7 * 3600_000; // 1 January 00:00 in Hà Nội (UTC+7)
  return Math.max(1, Math.ceil((end - now.getTime()) / (7 * 86_400_000)));
}

/** Actions per week needed to reach the target by the year's end. */
export function pacePerWeek(remaining: number, year: number, now = new Date()): number {
  return Math.ceil(remaining / weeksLeft(year, now));
}
