import { describe, expect, it } from 'vitest';
import { defaultTemplate } from './defaults.js';
import { CHANNELS, LANGUAGES, TONES, type TemplateError, type ValidationResult } from './types.js';
import { validateTemplate } from './validate.js';

function errorsOf(result: ValidationResult): TemplateError[] {
  if (result.ok) throw new Error('expected the template to be refused');
  return result.errors;
}

const STOP = 'Reply STOP to opt out.';

describe('validateTemplate', () => {
  it('accepts every default template', () => {
    for (const channel of CHANNELS) {
      for (const tone of TONES) {
        for (const language of LANGUAGES) {
          const result = validateTemplate({
            channel,
            language,
            source: defaultTemplate(channel, tone, language),
          });
          expect(result, `${channel}/${tone}/${language}`).toEqual({ ok: true });
        }
      }
    }
  });

  it('refuses an unknown variable and lists the allowed ones', () => {
    const [error, ...rest] = errorsOf(
      validateTemplate({ channel: 'email', source: { subject: 'Invoice for {{ custmer.name }}' } }),
    );
    expect(rest).toEqual([]);
    expect(error!.field).toBe('subject');
    expect(error!.message).toContain('Unknown variable "custmer.name"');
    expect(error!.message).toContain('customer.name');
    expect(error!.message).toContain('business.name');
    expect(error!.message).toContain('invoice.amount');
  });

  it('refuses a misspelt property inside an invoice loop', () => {
    const [error] = errorsOf(
      validateTemplate({
        channel: 'email',
        source: { text: '{% for invoice in invoices %}{{ invoice.numbr }}{% endfor %}' },
      }),
    );
    expect(error).toMatchObject({ field: 'text' });
    expect(error!.message).toContain('invoice.numbr');
  });

  it('refuses a misspelt property of a known object', () => {
    const [error] = errorsOf(
      validateTemplate({ channel: 'voice', source: { say: 'Hello {{ business.nmae }}' } }),
    );
    expect(error!.message).toContain('Unknown variable "business.nmae"');
  });

  it('refuses syntax errors with the position', () => {
    const [error] = errorsOf(
      validateTemplate({
        channel: 'call_task',
        source: { script: '{% if contact.name %}Hi {{ contact.name }}' },
      }),
    );
    expect(error).toMatchObject({ field: 'script' });
    expect(error!.message).toMatch(/^Syntax error: .*not closed.*line:1/);
  });

  it('refuses unknown filters', () => {
    const [error] = errorsOf(
      validateTemplate({ channel: 'email', source: { subject: '{{ business.name | shout }}' } }),
    );
    expect(error!.message).toContain('Syntax error: undefined filter: shout');
  });

  it('refuses tags that reach outside the template (include, render, layout)', () => {
    for (const tag of ["{% include 'secrets' %}", "{% render 'x' %}", "{% layout 'x' %}"]) {
      const [error] = errorsOf(validateTemplate({ channel: 'email', source: { text: tag } }));
      expect(error!.message, tag).toMatch(/^Syntax error: tag .* not found/);
    }
  });

  it('refuses prototype access', () => {
    const [error] = errorsOf(
      validateTemplate({ channel: 'email', source: { text: '{{ business.constructor }}' } }),
    );
    expect(error!.message).toContain('business.constructor');
  });

  it('refuses a template that is empty or renders empty', () => {
    expect(errorsOf(validateTemplate({ channel: 'email', source: { subject: '   ' } }))[0]!.message).toBe(
      'The template is empty.',
    );
    const [error] = errorsOf(
      validateTemplate({ channel: 'email', source: { text: '{% if invoice_count > 100 %}Many{% endif %}' } }),
    );
    expect(error!.message).toMatch(/^Renders empty with the ".*" sample\.$/);
  });

  it('refuses an SMS over 320 characters', () => {
    const body = `{{ business.name }}: ${'Please pay. '.repeat(25)}${STOP}`;
    const errors = errorsOf(validateTemplate({ channel: 'sms', source: { body } }));
    expect(errors.map((e) => e.field)).toEqual(['body']);
    expect(errors[0]!.message).toMatch(/The SMS is \d+ characters; the limit is 320/);
  });

  it('refuses an SMS that grows over the limit only with several invoices', () => {
    const body = `{{ business.name }}: {% for invoice in invoices %}${'x'.repeat(100)} {% endfor %}${STOP}`;
    const errors = errorsOf(validateTemplate({ channel: 'sms', source: { body } }));
    expect(errors[0]!.message).toContain('three-currencies');
  });

  it('refuses an SMS without the opt-out wording', () => {
    const errors = errorsOf(
      validateTemplate({ channel: 'sms', source: { body: '{{ business.name }}: please pay.' } }),
    );
    expect(errors[0]!.message).toContain('Reply STOP to opt out');
    expect(errors[0]!.message).toContain('Répondez STOP pour vous désabonner');
  });

  it('refuses an SMS that does not name the business', () => {
    const errors = errorsOf(validateTemplate({ channel: 'sms', source: { body: `Please pay. ${STOP}` } }));
    expect(errors[0]!.message).toContain('must name the business');
  });

  it('accepts a French SMS with the French opt-out wording', () => {
    const body = '{{ business.name }} : merci de régler la facture. Répondez STOP pour vous désabonner.';
    expect(validateTemplate({ channel: 'sms', language: 'fr', source: { body } })).toEqual({ ok: true });
  });

  it('refuses scripts, images and event handlers in HTML', () => {
    const messages = (html: string) =>
      errorsOf(validateTemplate({ channel: 'email', source: { html } })).map((e) => e.message);
    expect(messages('<p>Hi</p><script>alert(1)</script>')[0]).toContain('scripts are not allowed');
    expect(messages('<img src="https://x.example/logo.png" alt="">')[0]).toContain('images');
    expect(messages('<p onclick="steal()">Hi</p>')[0]).toContain('event handler');
    expect(messages('<a href="javascript:alert(1)">Pay</a>')[0]).toContain('http(s)');
    expect(messages('<style>p{}</style><p>Hi</p>')[0]).toContain('inline style');
  });

  it('refuses a field the channel does not have', () => {
    const result = validateTemplate({ channel: 'sms', source: { subject: 'x' } as never });
    expect(errorsOf(result)[0]).toMatchObject({
      field: 'subject',
      message: expect.stringContaining('body') as unknown,
    });
  });

  it('accepts a user template using loops, totals and array helpers', () => {
    const text = [
      '{% if contact.name %}Hi {{ contact.name }}{% else %}Hello{% endif %},',
      '{% for invoice in invoices %}{{ forloop.index }}. {{ invoice.number }} {{ invoice.amount }}{% endfor %}',
      'First: {{ invoices.first.number }} / {{ invoices[0].due_date }} / {{ invoices.size }}',
      '{% for total in totals %}{{ total.amount }} {% endfor %}{% assign n = invoice_count %}{{ n }}',
    ].join('\n');
    expect(validateTemplate({ channel: 'email', source: { text } })).toEqual({ ok: true });
  });
});
