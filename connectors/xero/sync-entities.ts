import type { ConnectorDeps } from '../deps.js';
import { upsertCredits, upsertCustomers, upsertInvoices, upsertPayments } from '../store.js';
import { isConnectorError } from '../types.js';
import { xeroInstant } from './dates.js';
import { forEachPage } from './fetch-pages.js';
import { contactFromWire, creditFromWire, invoiceFromWire, paymentFromWire } from './wire.js';
import {
  isReceivableCredit,
  isReceivablePayment,
  mapContact,
  mapCredit,
  mapEach,
  mapInvoice,
  mapPayment,
  type XeroContactLike,
  type XeroCreditLike,
  type XeroInvoiceLike,
  type XeroPaymentLike,
} from './map.js';
import type { OrgClient } from './org-client.js';
import { enumText } from './enum-text.js';

/** What one sync pass needs to know about the organisation, and what it tallies. */
export interface SyncPass {
  deps: ConnectorDeps;
  org: OrgClient;
  country: string | null;
  initialSync: boolean;
  /** The organisation's local date, for the backlog flag on first connect. */
  today: string;
  counts: Record<string, number>;
  /** The latest UpdatedDateUTC received, the source of the next watermark (never the local clock, B08). */
  maxUpdated: Date | null;
  /**
   * The oldest UpdatedDateUTC on any page after the first. Records edited while a list is paged move to its end
   * and shift the others back one place, so one record can fall into a page already read (P13); it is older than
   * everything on the later pages, so the next watermark must not pass this floor.
   */
  pageFloor: Date | null;
}

/** Records updated this close to the start of their list (or later) may have been edited while it was paged. */
const EDIT_SKEW_MS = 5 * 60_000;

/**
 * Wraps a page handler so that later pages lower the watermark floor (see SyncPass.pageFloor) — but only when the
 * list was edited while it was paged: the edited record then moves to the end with an UpdatedDateUTC from after
 * the list began. An unchanged list keeps the watermark at its newest record, so the next hourly sync asks for one
 * empty page instead of re-reading every page after the first (which cost an unchanged 100,000-invoice
 * organisation 220 calls an hour, over Xero's 5,000 a day).
 */
function paged<T extends { updatedDateUTC?: unknown }>(pass: SyncPass, store: (rows: T[]) => Promise<void>) {
  const listStartedAt = pass.deps.now().getTime();
  let floor: Date | null = null;
  let newest = -Infinity;
  return async (rows: T[], page: number) => {
    await store(rows);
    for (const row of rows) {
      const at = xeroInstant(row.updatedDateUTC);
      if (!at) continue;
      newest = Math.max(newest, at.getTime());
      if (page >= 2 && (!floor || at < floor)) floor = at;
    }
    const editedWhilePaged = newest >= listStartedAt - EDIT_SKEW_MS;
    if (floor && editedWhilePaged && (!pass.pageFloor || floor < pass.pageFloor)) pass.pageFloor = floor;
  };
}

function tally(pass: SyncPass, key: string, n: number) {
  pass.counts[key] = (pass.counts[key] ?? 0) + n;
}

function seen(pass: SyncPass, rows: { remoteUpdatedAt: Date | null }[]) {
  for (const row of rows) {
    if (row.remoteUpdatedAt && (!pass.maxUpdated || row.remoteUpdatedAt > pass.maxUpdated)) {
      pass.maxUpdated = row.remoteUpdatedAt;
    }
  }
}

export async function storeContacts(pass: SyncPass, contacts: XeroContactLike[]) {
  const { rows, skipped } = mapEach(pass.deps.log, 'contact', contacts, (c) => mapContact(c, pass.country));
  const result = await upsertCustomers(pass.deps.db, pass.org.organisationId, rows);
  tally(pass, 'contacts', rows.length);
  tally(pass, 'contactsChanged', result.inserted + result.updated);
  tally(pass, 'skipped', skipped);
  seen(pass, rows);
}

export async function storeInvoices(pass: SyncPass, invoices: XeroInvoiceLike[]) {
  const sales = invoices.filter((i) => (enumText(i.type) || 'ACCREC') === 'ACCREC');
  const { rows, skipped } = mapEach(pass.deps.log, 'invoice', sales, mapInvoice);
  const result = await upsertInvoices(pass.deps.db, pass.org.organisationId, rows, {
    initialSync: pass.initialSync,
    today: pass.today,
  });
  tally(pass, 'invoices', rows.length);
  tally(pass, 'invoicesChanged', result.inserted + result.updated);
  tally(pass, 'skipped', skipped);
  seen(pass, rows);
}

async function storePayments(pass: SyncPass, payments: XeroPaymentLike[]) {
  const { rows, skipped } = mapEach(
    pass.deps.log,
    'payment',
    payments.filter(isReceivablePayment),
    mapPayment,
  );
  const result = await upsertPayments(pass.deps.db, pass.org.organisationId, rows);
  tally(pass, 'payments', rows.length);
  tally(pass, 'paymentsChanged', result.inserted + result.updated);
  tally(pass, 'skipped', skipped);
  seen(pass, rows);
}

export async function storeCredits(
  pass: SyncPass,
  kind: 'credit_note' | 'overpayment' | 'prepayment',
  credits: XeroCreditLike[],
) {
  const receivable = credits.filter(isReceivableCredit);
  const { rows, skipped } = mapEach(pass.deps.log, kind, receivable, (c) => mapCredit(kind, c));
  const result = await upsertCredits(pass.deps.db, pass.org.organisationId, rows);
  tally(pass, 'credits', rows.length);
  tally(pass, 'creditsChanged', result.inserted + result.updated);
  tally(pass, 'skipped', skipped);
  seen(pass, rows);
}

/**
 * Everything changed since `since` (everything when null): contacts first so invoices find their customer, then
 * invoices of every status (a PAID or VOIDED change must be seen, P11), credits, and payments, deleted ones included.
 * Overpayments and prepayments (credit on account) come last, and in an incremental run only when something else
 * changed (`creditsOnAccount: 'when-active'`): see sync.ts.
 */
export async function syncChanges(
  pass: SyncPass,
  since: Date | null,
  creditsOnAccount: 'always' | 'when-active',
): Promise<void> {
  const { org } = pass;
  const pages = (walk: { pages: number }) => tally(pass, 'pages', walk.pages);
  const order = 'UpdatedDateUTC ASC';

  pages(
    await forEachPage(
      org,
      'contacts',
      since,
      'Contacts',
      { order, includeArchived: true },
      contactFromWire,
      paged(pass, (rows) => storeContacts(pass, rows)),
    ),
  );
  pages(
    await forEachPage(
      org,
      'invoices',
      since,
      'Invoices',
      { where: 'Type=="ACCREC"', order },
      invoiceFromWire,
      paged(pass, (rows) => storeInvoices(pass, rows)),
    ),
  );
  pages(
    await forEachPage(
      org,
      'credit notes',
      since,
      'CreditNotes',
      { where: 'Type=="ACCRECCREDIT"', order },
      creditFromWire,
      paged(pass, (rows) => storeCredits(pass, 'credit_note', rows)),
    ),
  );
  pages(
    await forEachPage(
      org,
      'payments',
      since,
      'Payments',
      { where: 'PaymentType=="ACCRECPAYMENT"', order },
      paymentFromWire,
      paged(pass, (rows) => storePayments(pass, rows)),
    ),
  );
  // Overpayments and prepayments hold credit on account too; an organisation without them (or an API that
  // refuses the request) must not stop the sync.
  // A quiet hour skips them (see sync.ts): nothing changed in the four lists above. Records re-read only because of
  // the watermark's overlap are not changes (the upserts leave identical rows alone).
  const changed = ['contactsChanged', 'invoicesChanged', 'creditsChanged', 'paymentsChanged'];
  const active = changed.some((k) => (pass.counts[k] ?? 0) > 0);
  const creditKinds = creditsOnAccount === 'always' || active ? (['overpayment', 'prepayment'] as const) : [];
  for (const kind of creditKinds) {
    try {
      pages(
        await forEachPage(
          org,
          `${kind}s`,
          since,
          kind === 'overpayment' ? 'Overpayments' : 'Prepayments',
          { order },
          creditFromWire,
          paged(pass, (rows) => storeCredits(pass, kind, rows)),
        ),
      );
    } catch (error) {
      if (!isConnectorError(error, 'rejected') && !isConnectorError(error, 'not_found')) throw error;
      pass.deps.log.warn({ organisationId: org.organisationId, kind, err: error }, 'xero credits not synced');
      tally(pass, 'skipped', 1);
    }
  }
}
