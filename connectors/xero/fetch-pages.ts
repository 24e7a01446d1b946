import type { XeroClient } from 'xero-node';
import { settledLater } from '../prefetch.js';
import type { OrgClient } from './org-client.js';

/** Xero's largest page (pageSize added to the API in 2024); fewer calls per organisation-day. */
export const PAGE_SIZE = 1000;

export interface PageRequest {
  page: number;
  /** Extra headers: If-Modified-Since in Xero's accepted form (B08). */
  headers: Record<string, string>;
}

/**
 * Walks the pages of one list endpoint, handing each page to `onPage` in order; the next page is asked for while
 * `onPage` stores the current one (one more request in flight, within Xero's 5), so memory stays two pages and a
 * failure later keeps what already landed. Stops on `pagination.pageCount`, or on a short page when the response
 * has no pagination (B06/P24). A minute 429 is retried inside `org.call`, so the loop resumes at the same page.
 */
export async function forEachPage<T>(
  org: OrgClient,
  label: string,
  modifiedSince: Date | null,
  request: (xero: XeroClient, req: PageRequest) => Promise<{ response: unknown; body: unknown }>,
  items: (body: unknown) => T[] | undefined,
  onPage: (records: T[], page: number) => Promise<void>,
): Promise<{ pages: number; records: number }> {
  const headers: Record<string, string> = modifiedSince
    ? { 'If-Modified-Since': ifModifiedSince(modifiedSince) }
    : {};
  const fetchPage = (page: number) =>
    settledLater(org.call(`${label} page ${page}`, (xero) => request(xero, { page, headers })));
  let records = 0;
  let next = fetchPage(1);
  for (let page = 1; ; page += 1) {
    const body = await next;
    const rows = items(body) ?? [];
    records += rows.length;
    const pageCount = (body as { pagination?: { pageCount?: number } } | null)?.pagination?.pageCount;
    const more = typeof pageCount === 'number' ? page < pageCount : rows.length >= org.pageSize;
    if (more && rows.length > 0) next = fetchPage(page + 1);
    await onPage(rows, page);
    if (!more || rows.length === 0) return { pages: page, records };
  }
}

/** 'YYYY-MM-DDTHH:mm:ss', UTC, no milliseconds: the form Xero documents for If-Modified-Since. */
export function ifModifiedSince(at: Date): string {
  return at.toISOString().slice(0, 19);
}
