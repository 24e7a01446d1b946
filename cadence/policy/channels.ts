import type { CadenceSettings, Channel } from '../settings/schema.js';
import { readPhone } from './phone-number.js';
import type { CustomerFacts, OrganisationState, PhoneContact, RemovedChannelReason } from './types.js';

export interface ChannelResolution {
  channels: Channel[];
  fallback: Channel | null;
  removed: { channel: Channel; reason: RemovedChannelReason }[];
  recipients: { emails: string[]; sms: string | null; phone: string | null };
}

// Deliberately loose: the provider validates fully; this only keeps '', '  ' and 'not-an-email' out (B29).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Target = { ok: true; to: string[] } | { ok: false; reason: RemovedChannelReason };

function e164(phone: PhoneContact, country: string | null): string | null {
  return readPhone(phone.number, country).e164;
}

function emailTarget(customer: CustomerFacts, org: OrganisationState): Target {
  if (org.emailDisabled) return { ok: false, reason: 'email_disabled' };
  const valid = customer.emails.filter((e) => e.usable && EMAIL.test(e.address.trim()));
  if (valid.length === 0) return { ok: false, reason: 'no_email' };
  const to = valid.filter((e) => e.optedOut !== true).map((e) => e.address.trim());
  return to.length > 0 ? { ok: true, to } : { ok: false, reason: 'opted_out' };
}

function phoneTarget(
  customer: CustomerFacts,
  channel: 'sms' | 'call' | 'call_task',
  senderNumber: string | null,
): Target {
  if (channel !== 'call_task' && senderNumber === null) return { ok: false, reason: 'no_sender_number' };
  const valid = customer.phones
    .filter((p) => p.usable && (channel !== 'sms' || p.type === 'mobile'))
    .map((p) => ({ p, number: e164(p, customer.country) }))
    .filter((x): x is { p: PhoneContact; number: string } => x.number !== null);
  if (valid.length === 0) return { ok: false, reason: channel === 'sms' ? 'no_mobile' : 'no_phone' };
  const optOutKey = channel === 'sms' ? 'sms' : 'call';
  const to = valid.filter((x) => !x.p.optedOut[optOutKey]).map((x) => x.number);
  return to.length > 0 ? { ok: true, to } : { ok: false, reason: 'opted_out' };
}

function targetFor(
  channel: Channel,
  customer: CustomerFacts,
  settings: CadenceSettings,
  org: OrganisationState,
): Target {
  switch (channel) {
    case 'email':
      return emailTarget(customer, org);
    case 'sms':
      return phoneTarget(customer, 'sms', settings.smsFrom);
    case 'call':
      return phoneTarget(customer, 'call', settings.callerNumber);
    case 'call_task':
      return phoneTarget(customer, 'call_task', null);
  }
}

/**
 * Which of a step's channels can reach this customer, and at which addresses. A channel with no valid contact,
 * an opt-out, or no sender number is removed with its reason. When an automated call cannot be made, its fallback
 * (if usable) takes its place; when the call can be made, the fallback is kept for an unanswered call.
 */
export function resolveChannels(
  step: { channels: readonly Channel[]; fallback: Channel | null },
  customer: CustomerFacts,
  settings: CadenceSettings,
  org: OrganisationState,
): ChannelResolution {
  const result: ChannelResolution = {
    channels: [],
    fallback: null,
    removed: [],
    recipients: { emails: [], sms: null, phone: null },
  };
  const use = (channel: Channel, target: Target & { ok: true }): void => {
    if (channel === 'email') result.recipients.emails = target.to;
    else if (channel === 'sms') result.recipients.sms = target.to[0] ?? null;
    else result.recipients.phone = target.to[0] ?? null;
  };
  for (const channel of step.channels) {
    const target = targetFor(channel, customer, settings, org);
    if (target.ok) {
      result.channels.push(channel);
      use(channel, target);
    } else {
      result.removed.push({ channel, reason: target.reason });
    }
  }
  const fallback = step.channels.includes('call') ? step.fallback : null;
  if (fallback !== null && !result.channels.includes(fallback)) {
    const target = targetFor(fallback, customer, settings, org);
    if (!target.ok) result.removed.push({ channel: fallback, reason: target.reason });
    else {
      use(fallback, target);
      if (result.channels.includes('call')) result.fallback = fallback;
      else result.channels.push(fallback);
    }
  }
  return result;
}
