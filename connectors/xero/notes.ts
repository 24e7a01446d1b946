import { createHash } from 'node:crypto';
import type { ConnectorDeps } from '../deps.js';
import { isConnectorError } from '../types.js';
import type { XeroConfig } from './client.js';
import { openOrganisation, type XeroRuntime } from './org-client.js';

/** Xero's History & Notes `Details` limit (developer.xero.com/documentation/api/history-and-notes). */
export const XERO_NOTE_MAX = 250;
const IDEMPOTENCY_KEY_MAX = 128;

/**
 * Note text Xero accepts: NFC, no emoji or other astral-plane characters (Xero refuses or strips them, B28), no
 * control characters, whitespace collapsed, and at most 250 characters — cut between graphemes, never inside a
 * surrogate pair or a combining sequence, with an ellipsis.
 */
export function noteDetails(text: string, max = XERO_NOTE_MAX): string {
  const clean = text
    .normalize('NFC')
    .replace(/\p{Extended_Pictographic}/gu, '')
    .replace(/[\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/\u200D|\uFE0E|\uFE0F|\u20E3/g, '')
    .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length <= max) return clean;
  let out = '';
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(clean)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

/** The last-resort form after a 400: plain ASCII, accents folded ('Zoë' → 'Zoe'). */
export function asciiDetails(text: string, max = XERO_NOTE_MAX): string {
  return noteDetails(
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\x20-\x7E]/g, ''),
    max,
  );
}

export function idempotencyKey(key: string): string {
  return key.length <= IDEMPOTENCY_KEY_MAX ? key : createHash('sha256').update(key).digest('hex');
}

/**
 * Writes one History & Notes record. Retried with backoff on 5xx and 429 (org-client); a 400 gets one retry in
 * plain ASCII, then the ConnectorError('rejected') with Xero's own message goes to the caller, which records the
 * note as failed without touching the reminder it describes.
 */
export async function addXeroInvoiceNote(
  deps: ConnectorDeps,
  config: XeroConfig,
  runtime: XeroRuntime,
  organisationId: string,
  invoiceId: string,
  text: string,
  key: string,
): Promise<{ externalId: string | null }> {
  const org = await openOrganisation(deps, config, runtime, organisationId);
  const write = (details: string, k: string) =>
    org.call('invoice note', (x) =>
      x.accountingApi.createInvoiceHistory(
        org.tenantId,
        invoiceId,
        { historyRecords: [{ details }] },
        idempotencyKey(k),
      ),
    );
  const details = noteDetails(text);
  try {
    await write(details, key);
  } catch (error) {
    const ascii = asciiDetails(text);
    if (!isConnectorError(error, 'rejected') || ascii === details || ascii === '') throw error;
    deps.log.warn(
      { organisationId, invoiceId, err: error },
      'xero refused the note; retrying in plain ASCII',
    );
    await write(ascii, `${key}:ascii`);
  }
  return { externalId: null };
}
