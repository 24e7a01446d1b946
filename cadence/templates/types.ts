/** The four ways a cadence step reaches a customer; each has its own template fields. */
export type Channel = 'email' | 'sms' | 'voice' | 'call_task';

/** Tones from DESIGN.md "The cadence": steps 1–4, then `firm` for every repeat. */
export type Tone = 'helpful' | 'curious' | 'professional' | 'serious' | 'firm';

export type Language = 'en' | 'fr';

export const CHANNELS: readonly Channel[] = ['email', 'sms', 'voice', 'call_task'];
export const TONES: readonly Tone[] = ['helpful', 'curious', 'professional', 'serious', 'firm'];
export const LANGUAGES: readonly Language[] = ['en', 'fr'];

/** One overdue invoice as the message shows it. Amounts come from the source's amount due, never recomputed. */
export interface MessageInvoice {
  number: string;
  /** Decimal string in major units, e.g. '1234.56' (never a JS float). */
  amountDue: string;
  /** ISO 4217 code, e.g. 'USD'. */
  currency: string;
  /** Calendar date 'YYYY-MM-DD'. */
  dueDate: string;
  daysOverdue: number;
  /** Only http(s) links are shown; anything else is treated as absent. */
  payUrl: string | null;
}

/** Everything a template may use. Built by the cadence for one customer and one step. */
export interface MessageContext {
  business: { name: string; replyTo: string; phone: string | null };
  customer: { name: string };
  contact: { name: string | null };
  /** One customer's overdue invoices, listed together in one message (DESIGN.md: one message per customer). */
  invoices: readonly MessageInvoice[];
  /** Cadence step number: 1–4, then 5, 6, … for repeats. */
  step: number;
  language: Language;
  /** 'YYYY-MM-DD' the 'serious' tone asks to resolve by (see `nextFriday`); null for the other tones. */
  deadline: string | null;
}

/** Editable template fields per channel. */
export interface TemplateSources {
  email: { subject: string; text: string; html: string };
  sms: { body: string };
  voice: { say: string };
  call_task: { script: string };
}
export type TemplateSource<C extends Channel = Channel> = TemplateSources[C];
export type TemplateField = { [C in Channel]: keyof TemplateSources[C] }[Channel];

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface RenderedMessages {
  email: { subject: string; text: string; html: string };
  sms: { body: string; length: number; segments: number; encoding: SmsEncoding; usedFallback: boolean };
  /** `say`: one entry per TwiML `<Say>`; `languageTag` for its `language` attribute. */
  voice: { say: string[]; languageTag: 'en-US' | 'fr-FR' };
  call_task: { script: string };
}
export type RenderedMessage<C extends Channel = Channel> = RenderedMessages[C];

export interface RenderRequest<C extends Channel> {
  channel: C;
  tone: Tone;
  language: Language;
  /** User-edited sources; missing fields use the default copy. */
  overrides?: Partial<TemplateSources[C]> | undefined;
  context: MessageContext;
}

export interface TemplateError {
  field: string;
  message: string;
}
export type ValidationResult = { ok: true } | { ok: false; errors: TemplateError[] };
