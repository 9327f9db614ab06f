import { canonicalizeUrl } from '@app/platforms';
import type { Schemas } from '../../api-client/client';

type MyReport = Schemas['MyReportView'];

/** What the form sent, kept after it is cleared, to find the report among mine. */
export interface SentReport {
  url: string;
  category: MyReport['category'];
  sentAt: number;
}

// The phone's clock may be off the API's by a few minutes.
const CLOCK_SLACK_MS = 10 * 60_000;

/**
 * The report just sent, among my newest: the one with the same page link (in the API's own
 * canonical form, libs/platforms) and category, else the newest of that category filed since
 * sending. The queue files it under an Idempotency-Key and does not hand back its id.
 */
export function findSentReport(mine: readonly MyReport[], sent: SentReport): MyReport | null {
  const url = canonicalOrSelf(sent.url);
  const recent = mine.filter((r) => r.category === sent.category && Date.parse(r.createdAt) >= sent.sentAt - CLOCK_SLACK_MS);
  return recent.find((r) => r.url === url) ?? recent[0] ?? null;
}

function canonicalOrSelf(url: string): string {
  try {
    return canonicalizeUrl(url).url;
  } catch {
    return url;
  }
}
