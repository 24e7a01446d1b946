import { sql } from 'kysely';
import type { Db } from '../../server/db/connect.js';
import type { ChannelName } from '../channels/types.js';
import { optOutAddress, toE164 } from './contacts.js';

/**
 * What a failure proves about the recipient, so later steps skip it: an invalid address or a number that cannot
 * take SMS marks the contact; an opt-out is recorded for the organisation. Phones are stored as the books wrote
 * them, so they match on their E.164 form.
 */
export async function applyRecipientProblem(
  db: Db,
  target: {
    organisationId: string;
    customerId: string;
    channel: ChannelName;
    recipient: string;
    sender: string;
  },
  problem: 'invalid_address' | 'not_mobile' | 'opted_out',
): Promise<void> {
  const kind = target.channel === 'email' ? 'email' : 'phone';
  if (problem === 'opted_out') {
    const channel = target.channel === 'call_task' ? 'call' : target.channel;
    await db
      .insertInto('opt_out')
      .values({
        organisation_id: target.organisationId,
        channel,
        address: optOutAddress(kind, target.recipient, null),
        sender: target.sender,
        source: 'provider',
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return;
  }
  const contacts = await db
    .selectFrom('contact')
    .innerJoin('customer', 'customer.id', 'contact.customer_id')
    .select(['contact.id', 'contact.value', 'customer.country'])
    .where('contact.customer_id', '=', target.customerId)
    .where('contact.kind', '=', kind)
    .execute();
  const ids = contacts
    .filter((c) =>
      kind === 'email'
        ? c.value.trim().toLowerCase() === target.recipient.toLowerCase()
        : toE164(c.value, c.country) === target.recipient,
    )
    .map((c) => c.id);
  if (ids.length === 0) return;
  await db
    .updateTable('contact')
    .set(
      problem === 'not_mobile'
        ? { unusable_reason: 'not_mobile', phone_type: 'landline' }
        : { unusable_reason: problem },
    )
    .where('id', 'in', ids)
    .where('unusable_reason', 'is', null)
    .execute();
}

/** The organisation's provider account refused (SendGrid 401/403): stop that channel until someone fixes it. */
export async function disableChannel(
  db: Db,
  organisationId: string,
  channel: ChannelName,
  reason: string,
): Promise<void> {
  await db
    .updateTable('organisation')
    .set({
      disabled_channels: sql`array_append(array_remove(disabled_channels, ${channel}), ${channel})`,
      disabled_channels_reason: reason,
    })
    .where('id', '=', organisationId)
    .execute();
}
