import { addDays } from '../../cadence/policy/index.js';
import { CHANNELS, TONES, type Channel, type Tone } from '../../cadence/settings/index.js';
import {
  LANGUAGES,
  nextFriday,
  renderMessage,
  sampleContexts,
  templateChannel,
  type Language,
  type MessageContext,
  type RenderedMessage,
} from '../../cadence/templates/index.js';
import type { FormValues } from './settings-form.js';

export interface PreviewMessage {
  channel: Channel;
  language: Language;
  text: string;
}

/** What the preview's invoice is made of for this organisation: its currency and today's date in its zone. */
export interface PreviewBooks {
  currency: string;
  today: string;
}

/**
 * What each step would actually send, rendered by the templates module against its first sample customer, in
 * every language, from the values as typed (so the preview follows the form before it is saved, even when another
 * field is invalid). The sample invoice is in the organisation's currency and as overdue as the step's day says
 * (due `dayOffset` days before today). Unknown tones or channels are left out; validation reports them.
 */
export function stepPreviews(
  values: FormValues,
  stepCount: number,
  business: MessageContext['business'],
  books: PreviewBooks,
) {
  const steps = [];
  for (let i = 0; i < stepCount; i++) {
    const toneRaw = values[`steps.${i}.tone`];
    const tone = TONES.find((x) => x === toneRaw);
    const channelsRaw = values[`steps.${i}.channels`];
    const channels = CHANNELS.filter((c) => Array.isArray(channelsRaw) && channelsRaw.includes(c));
    const day = Number(values[`steps.${i}.dayOffset`]);
    const daysOverdue = Number.isInteger(day) && day > 0 && day < 10_000 ? day : 7 * (i + 1);
    const step = tone && { number: i + 1, tone, channels, daysOverdue };
    steps.push({ index: i, messages: step ? previewsFor(step, business, books) : [] });
  }
  return steps;
}

interface PreviewStep {
  number: number;
  tone: Tone;
  channels: Channel[];
  daysOverdue: number;
}

/**
 * Rendered previews by their inputs: the same step, business and books always render the same text, and rendering
 * every step in every language was most of the settings page's time. Bounded, since the business fields are
 * whatever was typed.
 */
const rendered = new Map<string, PreviewMessage[]>();
const RENDERED_LIMIT = 200;

function previewsFor(step: PreviewStep, business: MessageContext['business'], books: PreviewBooks) {
  const key = JSON.stringify([step, business, books]);
  const hit = rendered.get(key);
  if (hit) return hit;
  const messages = renderPreviews(step, business, books);
  if (rendered.size >= RENDERED_LIMIT) rendered.clear();
  rendered.set(key, messages);
  return messages;
}

function renderPreviews(step: PreviewStep, business: MessageContext['business'], books: PreviewBooks) {
  const messages: PreviewMessage[] = [];
  const dueDate = addDays(books.today, -step.daysOverdue);
  // A base currency the templates cannot format (the books can hold odd codes) previews in dollars.
  const currency = isCurrencyCode(books.currency) ? books.currency : 'USD';
  for (const language of LANGUAGES) {
    const { context } = sampleContexts(language, business)[0]!;
    const invoices = context.invoices.map((invoice) => ({
      ...invoice,
      currency,
      dueDate,
      daysOverdue: step.daysOverdue,
    }));
    for (const channel of step.channels) {
      const message = renderMessage({
        channel: templateChannel(channel),
        tone: step.tone,
        language,
        context: { ...context, step: step.number, invoices, deadline: nextFriday(books.today) },
      });
      messages.push({ channel, language, text: messageText(message) });
    }
  }
  return messages;
}

function messageText(m: RenderedMessage): string {
  if ('subject' in m) return `${m.subject}\n\n${m.text}`;
  if ('body' in m) return m.body;
  if ('say' in m) return m.say.join(' ');
  return m.script;
}

function isCurrencyCode(code: string): boolean {
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}
