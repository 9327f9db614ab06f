// The organisation's zone (Asia/Ho_Chi_Minh) keeps +07:00 all year: it has no summer time, so a
// wall-clock time typed at the desk is that time in Vietnam whatever the browser's own zone.
const ORG_OFFSET = '+07:00';
const ORG_ZONE = 'Asia/Ho_Chi_Minh';

/** "2026-03-01T09:30" from <input type="datetime-local"> as an instant in the organisation's zone. */
export function instantOfOrgWallTime(local: string): string {
  return `${local}:00${ORG_OFFSET}`;
}

/** The present as <input type="datetime-local"> shows it, in the organisation's zone. */
export function orgWallTimeNow(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ORG_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** Today's date (YYYY-MM-DD) in the organisation's zone, for <input type="date">. */
export function orgToday(now = new Date()): string {
  return orgWallTimeNow(now).slice(0, 10);
}

/** The year now running in the organisation's zone. */
export function orgYear(now = new Date()): number {
  return Number(orgWallTimeNow(now).slice(0, 4));
}
