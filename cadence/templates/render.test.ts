import { describe, expect, it } from 'vitest';
import { renderMessage, TemplateRenderError } from './render.js';
import { sampleContexts } from './samples.js';
import type { MessageContext } from './types.js';

const [oneInvoice] = sampleContexts('en');
const context: MessageContext = oneInvoice!.context;

describe('renderMessage', () => {
  it('uses the override for the fields given and the default copy for the rest', () => {
    const message = renderMessage({
      channel: 'email',
      tone: 'helpful',
      language: 'en',
      overrides: { subject: 'Quick check on {{ invoices.first.number }}' },
      context,
    });
    expect(message.subject).toBe('Quick check on INV-1043');
    expect(message.text).toContain('approval queue');
  });

  it('formats for the requested language', () => {
    const fr = renderMessage({ channel: 'sms', tone: 'firm', language: 'fr', context });
    expect(fr.body).toContain('1 234,56 $US');
    expect(fr.body.endsWith('Répondez STOP pour vous désabonner.')).toBe(true);
  });

  it('reports GSM-7 and its segments for a plain-ASCII message', () => {
    const plainBusiness = { ...context, business: { ...context.business, name: 'Acme Plumbing' } };
    const sms = renderMessage({
      channel: 'sms',
      tone: 'professional',
      language: 'en',
      context: plainBusiness,
    });
    expect(sms.encoding).toBe('GSM-7');
    expect(sms.segments).toBe(Math.ceil(sms.length / 153));
    expect(sms.body).toBe(
      'Acme Plumbing: invoice INV-1043 for $1,234.56 is now 25 days overdue. Please tell us the payment status today. ' +
        'Pay online: https://pay.example.com/i/8f3a2c Call us on +64 3 555 0142. Reply STOP to opt out.',
    );
  });

  it('replaces an SMS that would be too long with the short compliant one', () => {
    const longName = { ...context, business: { ...context.business, name: 'B'.repeat(300) } };
    const sms = renderMessage({ channel: 'sms', tone: 'helpful', language: 'en', context: longName });
    expect(sms.usedFallback).toBe(true);
    expect(sms.length).toBeLessThanOrEqual(320);
    expect(sms.body.startsWith(`${'B'.repeat(37)}...: 1 overdue invoice, total $1,234.56.`)).toBe(true);
    expect(sms.body.endsWith('Reply STOP to opt out.')).toBe(true);
  });

  it('never sends an SMS override without the opt-out wording', () => {
    const sms = renderMessage({
      channel: 'sms',
      tone: 'helpful',
      language: 'fr',
      overrides: { body: '{{ business.name }} : merci de régler.' },
      context,
    });
    expect(sms.usedFallback).toBe(true);
    expect(sms.body).toContain('Répondez STOP pour vous désabonner.');
  });

  it('requires a deadline for the serious tone', () => {
    expect(() =>
      renderMessage({
        channel: 'email',
        tone: 'serious',
        language: 'en',
        context: { ...context, deadline: null },
      }),
    ).toThrow(TemplateRenderError);
  });

  it('refuses to render a message without invoices', () => {
    expect(() =>
      renderMessage({ channel: 'sms', tone: 'firm', language: 'en', context: { ...context, invoices: [] } }),
    ).toThrow(/at least one invoice/);
  });

  it('reports which field failed when an override renders empty', () => {
    try {
      renderMessage({
        channel: 'email',
        tone: 'firm',
        language: 'en',
        overrides: { text: '{% if false %}x{% endif %}' },
        context,
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateRenderError);
      expect((error as TemplateRenderError).field).toBe('text');
    }
  });

  it('drops pay links that are not http(s)', () => {
    const [invoice] = context.invoices;
    const evil = { ...context, invoices: [{ ...invoice!, payUrl: 'javascript:alert(1)' }] };
    const email = renderMessage({ channel: 'email', tone: 'helpful', language: 'en', context: evil });
    expect(email.html).not.toContain('javascript:');
    expect(email.text).not.toContain('Pay online');
  });

  it('keeps the subject on one line whatever the names contain', () => {
    const sneaky = { ...context, business: { ...context.business, name: 'Acme\r\nBcc: victim@example.com' } };
    const email = renderMessage({ channel: 'email', tone: 'helpful', language: 'en', context: sneaky });
    expect(email.subject).toBe('Invoice INV-1043 from Acme Bcc: victim@example.com: checking it reached you');
  });

  it('escapes contact names in HTML', () => {
    const hostile = { ...context, contact: { name: '<script>alert("x")</script> & Zoë' } };
    const email = renderMessage({ channel: 'email', tone: 'curious', language: 'fr', context: hostile });
    expect(email.html).toContain('Bonjour &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Zoë,');
    expect(email.html).not.toContain('<script');
    expect(email.text.startsWith('Bonjour <script>alert("x")</script> & Zoë,')).toBe(true);
  });

  it('treats a blank contact name as absent', () => {
    const blank = { ...context, contact: { name: '   ' } };
    expect(renderMessage({ channel: 'email', tone: 'firm', language: 'en', context: blank }).text).toMatch(
      /^Hello,\n/,
    );
    const script = renderMessage({
      channel: 'call_task',
      tone: 'firm',
      language: 'en',
      context: blank,
    }).script;
    expect(script).toContain('May I speak to the person who handles supplier payments?');
  });

  it('does not offer "press 1" when the business has no phone number', () => {
    const noPhone = { ...context, business: { ...context.business, phone: null } };
    const voice = renderMessage({ channel: 'voice', tone: 'curious', language: 'en', context: noPhone });
    expect(voice.say.join(' ')).not.toContain('press 1');
    expect(voice.say.at(-1)).toBe('You can reply to our email with any questions. Thank you, goodbye.');
  });
});
