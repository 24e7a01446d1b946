import { randomUUID } from 'node:crypto';
import type { Options } from 'express-rate-limit';
import { createChannelSenders } from '../../cadence/channels/index.js';
import { TONES } from '../../cadence/settings/index.js';
import { renderMessage, sampleContexts, type MessageContext } from '../../cadence/templates/index.js';
import { postgresRateLimitStore } from '../db/rate-limits.js';
import type { PageDeps, TestEmailRequest, TestEmailResult } from '../routes/page-deps.js';

/** Tests per user per hour: enough to try each step, too few to make Dunwise a mailer. */
export const TEST_EMAILS_PER_HOUR = 5;
/** No customer: the recipient is the signed-in user, so no customer's contacts or opt-outs apply. */
const NO_CUSTOMER = '00000000-0000-0000-0000-000000000000';

/**
 * The settings page's "send me a test": the step's email, rendered from the form as typed (tone, sender name,
 * reply-to) against the templates' realistic sample customer, sent through the same SendGrid sender the cadence
 * uses — to the signed-in user's own address only, never to a customer. Counted in Postgres (rate_limit) per user
 * across every web process. Undefined when no email channel is configured.
 */
export function testEmailSender(
  deps: Pick<PageDeps, 'db' | 'log' | 'now' | 'config'>,
): ((request: TestEmailRequest) => Promise<TestEmailResult>) | undefined {
  const email = createChannelSenders({ db: deps.db, log: deps.log, now: deps.now }, deps.config).email;
  if (!email) return undefined;
  const limit = postgresRateLimitStore(deps.db, 'test-email:');
  void limit.init?.({ windowMs: 60 * 60_000 } as Options);

  return async (request) => {
    const tone = TONES.find((x) => x === request.values[`steps.${request.stepIndex}.tone`]);
    if (!tone) return { ok: false, reason: 'invalid_step' };
    const user = await deps.db
      .selectFrom('app_user')
      .select('email')
      .where('id', '=', request.userId)
      .executeTakeFirstOrThrow();
    const { totalHits } = await limit.increment(request.userId);
    if (totalHits > TEST_EMAILS_PER_HOUR) return { ok: false, reason: 'rate_limited' };

    const business: MessageContext['business'] = request.business;
    const sample = sampleContexts(request.language, business)[0]!;
    const rendered = renderMessage({
      channel: 'email',
      tone,
      language: request.language,
      context: { ...sample.context, step: request.stepIndex + 1 },
    });
    const outcome = await email.send({
      organisationId: request.organisationId,
      touchpointId: 'settings-test',
      deliveryId: `settings-test-${randomUUID()}`,
      customerId: NO_CUSTOMER,
      channel: 'email',
      to: user.email,
      sender: {
        name: business.name,
        replyTo: request.replyTo,
        phone: null,
        businessPhone: business.phone ?? null,
      },
      language: request.language,
      rendered: { ...rendered, subject: `[Test] ${rendered.subject}` },
    });
    if (outcome.status !== 'accepted') {
      deps.log.warn({ organisationId: request.organisationId, outcome }, 'settings test email not sent');
      return { ok: false, reason: 'refused' };
    }
    return { ok: true, to: user.email };
  };
}
