import { randomBytes } from 'node:crypto';
import type { EmailOutcome, ReceivedEmail, SandboxWorld } from '../world.js';
import { signEventPayload } from './signing.js';

/**
 * What happens to a recipient: scripted in `world.sendgrid.outcomes`, else by the local part of the address
 * (`bounce@…`, `dropped@…`, `spamreport@…`, `unsubscribe@…`), else delivered.
 */
export function outcomeFor(world: SandboxWorld, email: string): EmailOutcome {
  const address = email.toLowerCase();
  const scripted = world.sendgrid.outcomes.get(address);
  if (scripted) return scripted;
  const local = address.split('@')[0] ?? '';
  if (local === 'bounce' || local.startsWith('bounce+')) return 'bounce';
  if (local === 'dropped' || local === 'drop') return 'dropped';
  if (local === 'spamreport' || local === 'spam') return 'spamreport';
  if (local === 'unsubscribe') return 'unsubscribe';
  return 'delivered';
}

type SendGridEvent = Record<string, string | number>;

function eventsFor(outcome: EmailOutcome, base: SendGridEvent): SendGridEvent[] {
  const id = () => randomBytes(16).toString('base64url');
  const processed = { ...base, event: 'processed', sg_event_id: id() };
  const delivered = { ...base, event: 'delivered', sg_event_id: id(), response: '250 2.0.0 OK' };
  switch (outcome) {
    case 'delivered':
      return [processed, delivered];
    case 'bounce':
      return [
        processed,
        {
          ...base,
          event: 'bounce',
          sg_event_id: id(),
          type: 'bounce',
          status: '5.1.1',
          reason: '550 5.1.1 The email account that you tried to reach does not exist.',
        },
      ];
    case 'dropped':
      return [{ ...base, event: 'dropped', sg_event_id: id(), reason: 'Bounced Address' }];
    case 'spamreport':
      return [processed, delivered, { ...base, event: 'spamreport', sg_event_id: id() }];
    case 'unsubscribe':
      return [processed, delivered, { ...base, event: 'unsubscribe', sg_event_id: id() }];
  }
}

/**
 * Decides the fate of an accepted email for each recipient, sets its status (the first recipient's fate) and, if
 * the app subscribed, posts the Event Webhook batch signed as SendGrid signs it. After a bounce, spam report or
 * unsubscribe SendGrid suppresses the address, so later sends to it are dropped.
 */
export function settleEmail(world: SandboxWorld, email: ReceivedEmail): void {
  const timestamp = Math.floor(world.now() / 1000);
  const events: SendGridEvent[] = [];
  email.to.forEach((recipient, serial) => {
    const outcome = outcomeFor(world, recipient);
    if (serial === 0) email.status = outcome;
    if (outcome !== 'delivered') world.sendgrid.outcomes.set(recipient.toLowerCase(), 'dropped');
    const base: SendGridEvent = {
      ...email.customArgs,
      email: recipient,
      timestamp,
      'smtp-id': `<${email.id}@ismtpd0001p1mdw1.sendgrid.net>`,
      // The event's id is the X-Message-Id plus a per-recipient suffix: apps match on the prefix.
      sg_message_id: `${email.id}.recvd-sandbox-${serial}-0`,
    };
    events.push(...eventsFor(outcome, base));
  });
  const url = world.apps.sendgrid.webhookUrl;
  if (!url) return;
  const body = JSON.stringify(events);
  const signedAt = String(timestamp);
  world.deliver('sendgrid-event', url, {
    headers: {
      'content-type': 'application/json',
      'user-agent': 'SendGrid Event API',
      'x-twilio-email-event-webhook-signature': signEventPayload(
        world.apps.sendgrid.webhookPrivateKey,
        signedAt,
        body,
      ),
      'x-twilio-email-event-webhook-timestamp': signedAt,
    },
    body,
  });
}
