import { PAGE_CASE_TRANSITIONS, type WorkflowStatus } from '@app/page-case-workflow';
import type { Schemas } from '../../api-client/client';
import { orgYear } from '../../lib/org-time';

export type PageCase = Schemas['PageCaseView'];
export type CaseStatus = PageCase['status'];
export type CaseCategory = PageCase['category'];

/** The workflow's statuses, in its own order (new first). */
export const CASE_STATUSES = Object.keys(PAGE_CASE_TRANSITIONS) as WorkflowStatus[];

// Keyed by the API's own type: a category added there fails to compile here until it is listed.
const CATEGORIES: Record<CaseCategory, true> = { false_information: true, scam: true, impersonation: true, incitement: true, hate: true, other: true };
export const CASE_CATEGORIES = Object.keys(CATEGORIES) as CaseCategory[];

/** What the queue is filtered by; kept in the address so a filtered queue can be reloaded and shared. */
export interface QueueFilters {
  status: CaseStatus | null;
  category: CaseCategory | null;
  due: boolean;
  year: number | null;
}

const isStatus = (value: string | null): value is CaseStatus => value !== null && (CASE_STATUSES as string[]).includes(value);
const isCategory = (value: string | null): value is CaseCategory => value !== null && value in CATEGORIES;

/** The filters an address names; anything it does not understand is left out. */
export function filtersFrom(params: URLSearchParams): QueueFilters {
  const status = params.get('status');
  const category = params.get('category');
  const year = Number(params.get('year'));
  return {
    status: isStatus(status) ? status : null,
    category: isCategory(category) ? category : null,
    due: params.get('due') === 'true',
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null,
  };
}

/** The address's search part for some filters (only those that are set). */
export function paramsOf(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.category) params.set('category', filters.category);
  if (filters.due) params.set('due', 'true');
  if (filters.year !== null) params.set('year', String(filters.year));
  return params;
}

/** GET /pages's query for the filters (a filter that is not set is not sent). */
export function listQueryOf(filters: QueueFilters) {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.due ? { due: true } : {}),
    ...(filters.year !== null ? { year: filters.year } : {}),
  };
}

/** The years the year filter offers: this one back to 2020, where the organisation's records start. */
export function yearsOffered(now: Date = new Date()): number[] {
  const years: number[] = [];
  for (let year = orgYear(now); year >= 2020; year -= 1) years.push(year);
  return years;
}
