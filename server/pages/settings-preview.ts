import { CHANNELS, TONES, type Channel, type Tone } from '../../cadence/settings/index.js';
import {
  LANGUAGES,
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

/**
 * What each step would actually send, rendered by the templates module against its first sample customer, in
 * every language, from the values as typed (so the preview follows the form before it is saved, even when another
 * field is invalid). Unknown tones or channels are left out of the preview; validation reports them.
 */
export function stepPreviews(values: FormValues, stepCount: number, business: MessageContext['business']) {
  const steps = [];
  for (let i = 0; i < stepCount; i++) {
    const toneRaw = values[`steps.${i}.tone`];
    const tone = TONES.find((x) => x === toneRaw);
    const channelsRaw = values[`steps.${i}.channels`];
    const channels = CHANNELS.filter((c) => Array.isArray(channelsRaw) && channelsRaw.includes(c));
    steps.push({ index: i, messages: tone ? previewsFor(i + 1, tone, channels, business) : [] });
  }
  return steps;
}

/**
 * Rendered previews by their inputs. The samples have fixed dates, so the same step, tone, channels and business
 * always render the same text; rendering every step in every language was most of the settings page's time.
 * Bounded, since the business fields are whatever was typed.
 */
const rendered = new Map<string, PreviewMessage[]>();
const RENDERED_LIMIT = 200;

function previewsFor(step: number, tone: Tone, channels: Channel[], business: MessageContext['business']) {
  const key = JSON.stringify([step, tone, channels, business]);
  const hit = rendered.get(key);
  if (hit) return hit;
  const messages = renderPreviews(step, tone, channels, business);
  if (rendered.size >= RENDERED_LIMIT) rendered.clear();
  rendered.set(key, messages);
  return messages;
}

function renderPreviews(step: number, tone: Tone, channels: Channel[], business: MessageContext['business']) {
  const messages: PreviewMessage[] = [];
  for (const language of LANGUAGES) {
    const sample = sampleContexts(language, business)[0]!;
    for (const channel of channels) {
      const rendered = renderMessage({
        channel: templateChannel(channel),
        tone,
        language,
        context: { ...sample.context, step },
      });
      messages.push({ channel, language, text: messageText(rendered) });
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
