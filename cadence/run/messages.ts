import type { ChannelName } from '../channels/types.js';
import type { CadenceSettings, Language, Tone } from '../settings/index.js';
import {
  nextFriday,
  renderMessage,
  type MessageContext,
  type MessageInvoice,
  type RenderedMessages,
  type TemplateSources,
} from '../templates/index.js';
import { daysBetween } from '../policy/index.js';

/** A user's edits in the approve-first queue, per channel (missing fields keep the default copy). */
export interface MessageEdits {
  email?: Partial<TemplateSources['email']>;
  sms?: Partial<TemplateSources['sms']>;
  call?: Partial<TemplateSources['voice']>;
  call_task?: Partial<TemplateSources['call_task']>;
}

export interface TouchpointMessageInput {
  organisationName: string;
  settings: CadenceSettings;
  customerName: string;
  contactName: string | null;
  step: number;
  tone: Tone;
  language: Language;
  /** The organisation-local date of the touchpoint; the 'serious' deadline is the Friday after it. */
  localDate: string;
  invoices: { number: string; amountDue: string; currency: string; dueDate: string; payUrl: string | null }[];
}

export type RenderedByChannel = {
  email?: RenderedMessages['email'];
  sms?: RenderedMessages['sms'];
  call?: RenderedMessages['voice'];
  call_task?: RenderedMessages['call_task'];
};

function context(input: TouchpointMessageInput): MessageContext {
  const invoices: MessageInvoice[] = input.invoices.map((i) => ({
    number: i.number,
    amountDue: i.amountDue,
    currency: i.currency,
    dueDate: i.dueDate,
    daysOverdue: daysBetween(i.dueDate, input.localDate),
    payUrl: i.payUrl,
  }));
  return {
    business: {
      name: input.settings.senderName ?? input.organisationName,
      replyTo: input.settings.replyTo ?? '',
      phone: input.settings.callerNumber,
    },
    customer: { name: input.customerName },
    contact: { name: input.contactName },
    invoices,
    step: input.step,
    language: input.language,
    deadline: input.tone === 'serious' ? nextFriday(input.localDate) : null,
  };
}

/**
 * Renders the touchpoint's message for each channel (and the SMS an unanswered call falls back to). Throws
 * TemplateRenderError when a template cannot produce a sendable message; the caller records that as a failure.
 */
export function renderTouchpoint(
  input: TouchpointMessageInput,
  channels: readonly ChannelName[],
  edits: MessageEdits = {},
): RenderedByChannel {
  const ctx = context(input);
  const out: RenderedByChannel = {};
  const base = { tone: input.tone, language: input.language, context: ctx };
  for (const channel of channels) {
    switch (channel) {
      case 'email':
        out.email = renderMessage({ ...base, channel: 'email', overrides: edits.email });
        break;
      case 'sms':
        out.sms = renderMessage({ ...base, channel: 'sms', overrides: edits.sms });
        break;
      case 'call':
        out.call = renderMessage({ ...base, channel: 'voice', overrides: edits.call });
        break;
      case 'call_task':
        out.call_task = renderMessage({ ...base, channel: 'call_task', overrides: edits.call_task });
        break;
    }
  }
  return out;
}
