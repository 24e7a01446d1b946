import { renderMessage } from './render.js';
import { sampleContexts } from './samples.js';
import {
  CHANNELS,
  LANGUAGES,
  TONES,
  type Channel,
  type Language,
  type MessageContext,
  type RenderedMessage,
  type TemplateSources,
  type Tone,
} from './types.js';

export interface PreviewEntry {
  channel: Channel;
  tone: Tone;
  language: Language;
  sample: string;
  message: RenderedMessage;
}

export interface PreviewOptions {
  channels?: readonly Channel[];
  tones?: readonly Tone[];
  languages?: readonly Language[];
  /** The user's own business details, so the preview looks like what their customers will get. */
  business?: MessageContext['business'];
  /** The organisation's edited templates, by channel and tone. */
  overrides?: { [C in Channel]?: Partial<Record<Tone, Partial<TemplateSources[C]>>> };
}

/** Every template rendered against every sample context: the settings page's live preview. */
export function previewAll(options: PreviewOptions = {}): PreviewEntry[] {
  const entries: PreviewEntry[] = [];
  for (const language of options.languages ?? LANGUAGES) {
    const samples = sampleContexts(language, options.business);
    for (const channel of options.channels ?? CHANNELS) {
      for (const tone of options.tones ?? TONES) {
        const overrides = options.overrides?.[channel]?.[tone];
        for (const sample of samples) {
          const message = renderMessage({ channel, tone, language, overrides, context: sample.context });
          entries.push({ channel, tone, language, sample: sample.name, message });
        }
      }
    }
  }
  return entries;
}
