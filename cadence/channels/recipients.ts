import { sql } from 'kysely';
import type { Db } from '../../server/db/connect.js';
import { toE164 } from './phone.js';

export type UnusableReason =
  'hard_bounce' | 'invalid_address' | 'not_mobile' | 'wrong_number' | 'spam_report';

/**
 * Marks a customer's email or phone unusable, so later steps use other channels (B24, B25, B27). Phones are
 * stored as the books wrote them, so a phone matches when its E.164 form (in the customer's country) is `address`.
 * A later, different reason does not overwrite the first one. Returns how many contact rows were marked.
 */
export async function markContactUnusable(
  db: Db,
  where: { organisationId: string; customerId?: string | null },
  kind: 'email' | 'phone',
  address: string,
  reason: UnusableReason,
): Promise<number> {
  let query = db
    .selectFrom('contact')
    .innerJoin('customer', 'customer.id', 'contact.customer_id')
    .select(['contact.id', 'contact.value', 'customer.country'])
    .where('contact.organisation_id', '=', where.organisationId)
    .where('contact.kind', '=', kind)
    .where('contact.unusable_reason', 'is', null);
  if (where.customerId) query = query.where('contact.customer_id', '=', where.customerId);
  const candidates = await query.execute();
  const wanted = kind === 'email' ? address.trim().toLowerCase() : address;
  const ids = candidates
    .filter((c) =>
      kind === 'email' ? c.value.trim().toLowerCase() === wanted : toE164(c.value, c.country) === wanted,
    )
    .map((c) => c.id);
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('contact')
    .set({ unusable_reason: reason })
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Records that `address` opted out of `channel` from `sender` for these organisations (idempotent). Returns the
 * organisations for which the opt-out is new.
 */
export async function recordOptOut(
  db: Db,
  organisationIds: readonly string[],
  channel: 'email' | 'sms' | 'call',
  address: string,
  sender: string,
  source: string,
): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const inserted = await db
    .insertInto('opt_out')
    .values(organisationIds.map((id) => ({ organisation_id: id, channel, address, sender, source })))
    .onConflict((oc) => oc.columns(['organisation_id', 'channel', 'address', 'sender']).doNothing())
    .returning('organisation_id')
    .execute();
  return inserted.map((r) => r.organisation_id);
}

/**
 * START / UNSTOP: the number may be texted again from `sender`, by every organisation. Returns the organisations
 * whose opt-out was lifted.
 */
export async function removeOptOut(
  db: Db,
  channel: 'sms',
  address: string,
  sender: string,
): Promise<string[]> {
  const removed = await db
    .deleteFrom('opt_out')
    .where('channel', '=', channel)
    .where('address', '=', address)
    .where('sender', '=', sender)
    .returning('organisation_id')
    .execute();
  return removed.map((r) => r.organisation_id);
}

/**
 * Why this organisation must not send to `address` on `channel` (from `sender`), or null. Checked by the senders
 * right before calling the provider, as a last guard behind the planner: an opt-out or a bounce recorded by a
 * webhook a minute ago must already stop the next message.
 */
export async function recipientBlock(
  db: Db,
  organisationId: string,
  customerId: string,
  channel: 'email' | 'sms' | 'call',
  address: string,
  sender: string,
): Promise<{ reason: 'opted_out' | 'invalid_address' | 'not_mobile'; detail: string } | null> {
  const optOut = await db
    .selectFrom('opt_out')
    .select(['source'])
    .where('organisation_id', '=', organisationId)
    .where('channel', '=', channel)
    .where(sql<string>`lower(address)`, '=', address.toLowerCase())
    .where('sender', 'in', channel === 'email' ? [sender, ''] : [sender])
    .executeTakeFirst();
  if (optOut) return { reason: 'opted_out', detail: `opted out (${optOut.source})` };
  const contacts = await db
    .selectFrom('contact')
    .innerJoin('customer', 'customer.id', 'contact.customer_id')
    .select(['contact.value', 'contact.unusable_reason', 'customer.country'])
    .where('contact.customer_id', '=', customerId)
    .where('contact.kind', '=', channel === 'email' ? 'email' : 'phone')
    .where('contact.unusable_reason', 'is not', null)
    .execute();
  const hit = contacts.find((c) =>
    channel === 'email'
      ? c.value.trim().toLowerCase() === address.toLowerCase()
      : toE164(c.value, c.country) === address,
  );
  if (!hit?.unusable_reason) return null;
  // A landline cannot take SMS but can still be called (B25).
  if (hit.unusable_reason === 'not_mobile' && channel === 'call') return null;
  return {
    reason: hit.unusable_reason === 'not_mobile' ? 'not_mobile' : 'invalid_address',
    detail: `address marked unusable (${hit.unusable_reason})`,
  };
}

/**
 * Remembers what a provider's refusal proved about the recipient, so that the next step does not try again
 * (B24, B25, B26's per-recipient 400): an invalid or non-mobile number or address marks the contact, a 21610
 * records the opt-out for this sender. Idempotent.
 */
export async function persistRecipientProblem(
  db: Db,
  message: { organisationId: string; customerId: string; to: string },
  channel: 'email' | 'sms' | 'call',
  problem: 'invalid_address' | 'not_mobile' | 'opted_out',
  sender: string,
  source: string,
): Promise<void> {
  if (problem === 'opted_out') {
    await recordOptOut(db, [message.organisationId], channel, message.to, sender, source);
    return;
  }
  await markContactUnusable(
    db,
    { organisationId: message.organisationId, customerId: message.customerId },
    channel === 'email' ? 'email' : 'phone',
    message.to,
    problem,
  );
}
