import * as z from 'zod';

/** Forms send '' for an untouched optional field; treat it as absent. */
const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const cents = z.preprocess(blankAsUndefined, z.coerce.number().int().positive().optional());

export const PayBody = z.object({ amountCents: cents });

export const ApplyCreditBody = z.object({ invoiceId: z.string().min(1), amountCents: cents });

export const CreateInvoiceBody = z.object({
  customerId: z.string().min(1),
  issueDate: z.iso.date().optional(),
  dueDate: z.iso.date().optional(),
  terms: z.string().min(1).optional(),
  lines: z
    .array(
      z.object({
        description: z.string().min(1),
        quantity: z.number().int().positive(),
        unitAmountCents: z.number().int().positive(),
      }),
    )
    .min(1),
});

export const SmsReplyBody = z.object({
  from: z.string().regex(/^\+[1-9]\d{6,14}$/, 'from must be an E.164 number'),
  to: z.preprocess(blankAsUndefined, z.string().min(1).optional()),
  body: z.string().min(1).max(1600),
});

export const CallOutcomeBody = z.object({
  number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'number must be an E.164 number'),
  outcome: z.enum(['human', 'machine', 'no-answer', 'busy', 'failed']),
});

export const EmailOutcomeBody = z.object({
  email: z.email(),
  outcome: z.enum(['delivered', 'bounce', 'dropped', 'spamreport', 'unsubscribe']),
});

export const VerifiedSenderBody = z.object({
  /** An address ('billing@acme.example') or a whole authenticated domain ('acme.example'). */
  sender: z
    .string()
    .min(3)
    .regex(/^[^\s@]*@?[^\s@]+\.[^\s@]+$/, 'sender must be an email address or a domain'),
});

const amount = z.preprocess(blankAsUndefined, z.coerce.number().int().nonnegative().optional());

export const AdvanceClockBody = z
  .object({ days: amount, hours: amount, minutes: amount, seconds: amount })
  .refine((b) => (b.days ?? 0) + (b.hours ?? 0) + (b.minutes ?? 0) + (b.seconds ?? 0) > 0, {
    message: 'Advance the clock by at least one second (days, hours, minutes or seconds)',
  });

export const FaultBody = z.object({
  target: z.enum(['quickbooks', 'xero', 'sendgrid', 'twilio', 'all']),
  companyId: z.preprocess(blankAsUndefined, z.string().min(1).optional()),
  kind: z.enum(['rate-limit', 'rate-limit-day', 'server-error', 'slow', 'revoked']),
  times: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
  delayMs: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).max(120_000).optional()),
});

const text = z.string().min(1).optional();

export const EmailQuery = z.object({
  to: text,
  from: text,
  status: text,
  subject: text,
  since: z.coerce.number().optional(),
});
export const SmsQuery = z.object({
  to: text,
  from: text,
  direction: z.enum(['outbound-api', 'inbound']).optional(),
  status: text,
});
export const CallQuery = z.object({ to: text, status: text });
export const NoteQuery = z.object({ companyId: text, invoiceId: text });
export const InvoiceQuery = z.object({
  status: z.enum(['open', 'paid', 'voided', 'deleted', 'draft']).optional(),
  customerId: text,
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
