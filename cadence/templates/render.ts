import { defaultTemplate, fallbackSms } from './defaults.js';
import { renderTemplate, type OutputKind } from './engine.js';
import { wrapEmailHtml } from './html-layout.js';
import { buildScope, type TemplateScope } from './scope.js';
import { countSmsSegments } from './sms-encoding.js';
import { smsProblems } from './sms-rules.js';
import { tidyLine, tidySms, tidyText, voiceLines } from './tidy.js';
import type {
  Channel,
  Language,
  RenderedMessage,
  RenderedMessages,
  RenderRequest,
  TemplateSources,
} from './types.js';

/** A template that cannot produce a sendable message; `field` says which part of it. */
export class TemplateRenderError extends Error {
  constructor(
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${message}`, options);
    this.name = 'TemplateRenderError';
  }
}

/**
 * Renders one message for one customer: the default copy for the tone and language, with any user overrides,
 * against the context. Synchronous and pure (no clock, no I/O). The request's `language` decides both the copy
 * and the formatting. Throws `TemplateRenderError` when a field renders empty or a variable is wrong.
 */
export function renderMessage<C extends Channel>(request: RenderRequest<C>): RenderedMessage<C> {
  const { channel, tone, language } = request;
  if (tone === 'serious' && request.context.deadline === null) {
    throw new TemplateRenderError('deadline', "the 'serious' tone needs a deadline date (see nextFriday)");
  }
  if (request.context.invoices.length === 0) {
    throw new TemplateRenderError('invoices', 'a message needs at least one invoice');
  }
  const sources = { ...defaultTemplate(channel, tone, language), ...definedOnly(request.overrides) };
  const scope = buildScope({ ...request.context, language });
  const render = RENDERERS[channel] as (
    s: typeof sources,
    scope: TemplateScope,
    l: Language,
  ) => RenderedMessage<C>;
  return render(sources, scope, language);
}

type Renderers = {
  [K in Channel]: (
    sources: TemplateSources[K],
    scope: TemplateScope,
    language: Language,
  ) => RenderedMessages[K];
};

const RENDERERS: Renderers = {
  email: (sources, scope, language) => {
    const subject = tidyLine(field('subject', 'text', sources.subject, scope));
    const body = field('html', 'html', sources.html, scope);
    return {
      subject,
      text: tidyText(field('text', 'text', sources.text, scope)),
      html: wrapEmailHtml(body, subject, language),
    };
  },
  sms: (sources, scope, language) => {
    const rendered = tidySms(field('body', 'text', sources.body, scope));
    // A non-compliant or over-long SMS is never sent: the short fallback names the business and says STOP.
    const usedFallback = smsProblems(rendered, tidySms(scope.business.name)).length > 0;
    const body = usedFallback ? tidySms(field('body', 'text', fallbackSms(language), scope)) : rendered;
    const { encoding, length, segments } = countSmsSegments(body);
    return { body, length, segments, encoding, usedFallback };
  },
  voice: (sources, scope, language) => {
    const say = voiceLines(field('say', 'text', sources.say, scope));
    return { say, languageTag: language === 'fr' ? 'fr-FR' : 'en-US' };
  },
  call_task: (sources, scope) => ({ script: tidyText(field('script', 'text', sources.script, scope)) }),
};

function field(name: string, kind: OutputKind, source: string, scope: TemplateScope): string {
  let rendered: string;
  try {
    rendered = renderTemplate(kind, source, scope);
  } catch (error) {
    throw new TemplateRenderError(name, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  if (rendered.trim() === '') throw new TemplateRenderError(name, 'renders empty');
  return rendered;
}

function definedOnly<T extends object>(overrides: Partial<T> | undefined): Partial<T> {
  if (!overrides) return {};
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => typeof v === 'string')) as Partial<T>;
}
