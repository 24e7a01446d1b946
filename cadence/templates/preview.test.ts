import { describe, expect, it } from 'vitest';
import { previewAll, type PreviewEntry } from './preview.js';
import type { Language, RenderedMessages } from './types.js';

/** Intl puts U+202F / U+00A0 in French amounts; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

/** What a reader checks, per sample and language: written out by hand, not computed with the code under test. */
const EXPECTED: Record<string, Record<Language, { amounts: string[]; dates: string[]; totals?: string }>> = {
  'one-invoice': {
    en: { amounts: ['$1,234.56'], dates: ['November 12, 2026'] },
    fr: { amounts: ['1 234,56 $US'], dates: ['12 novembre 2026'] },
  },
  'three-currencies': {
    en: {
      amounts: ['€980.00', '¥150,000', '$75.50'],
      dates: ['November 5, 2026', 'November 19, 2026', 'November 29, 2026'],
      totals: '€980.00, ¥150,000 and $75.50',
    },
    fr: {
      amounts: ['980,00 €', '150 000 JPY', '75,50 $US'],
      dates: ['5 novembre 2026', '19 novembre 2026', '29 novembre 2026'],
      totals: '980,00 €, 150 000 JPY et 75,50 $US',
    },
  },
  'two-invoices-one-link': {
    en: {
      amounts: ['€12,500.00', '€0.99'],
      dates: ['October 30, 2026', 'November 28, 2026'],
      totals: '€12,500.99',
    },
    fr: {
      amounts: ['12 500,00 €', '0,99 €'],
      dates: ['30 octobre 2026', '28 novembre 2026'],
      totals: '12 500,99 €',
    },
  },
};

const BUSINESS = 'Ōtautahi Plumbing Ltd';
const STOP = { en: 'Reply STOP to opt out.', fr: 'Répondez STOP pour vous désabonner.' };
const DEADLINE = { en: 'Friday, December 11, 2026', fr: 'vendredi 11 décembre 2026' };
const PAY_URL = 'https://pay.example.com/i/8f3a2c';

const entries = previewAll();
const of = <C extends keyof RenderedMessages>(channel: C) =>
  entries.filter((e) => e.channel === channel) as (PreviewEntry & { message: RenderedMessages[C] })[];
const allText = (e: PreviewEntry) => plain(JSON.stringify(e.message));
const label = (e: PreviewEntry) => `${e.channel}/${e.tone}/${e.language}/${e.sample}`;

describe('preview of every template (channel × tone × language × sample)', () => {
  it('covers 4 channels × 5 tones × 2 languages × 3 samples', () => {
    expect(entries).toHaveLength(120);
  });

  it.each(entries.map((e) => [label(e), e] as const))(
    '%s has no template debris and names the business',
    (_, e) => {
      const text = allText(e);
      for (const debris of ['undefined', 'NaN', '{{', '}}', '{%', '%}', '[object Object]', 'null']) {
        expect(text).not.toContain(debris);
      }
      expect(text).toContain(BUSINESS);
    },
  );

  it.each(of('email').map((e) => [label(e), e] as const))('%s lists every amount and due date', (_, e) => {
    const expected = EXPECTED[e.sample]![e.language];
    const text = plain(e.message.text);
    const html = plain(e.message.html);
    for (const value of [...expected.amounts, ...expected.dates]) {
      expect(text).toContain(value);
      expect(html).toContain(value);
    }
    if (expected.totals) expect(text).toContain(expected.totals);
    expect(e.message.subject).not.toMatch(/[\r\n]/);
    expect(e.message.html).toContain(`<html lang="${e.language}">`);
    expect(e.message.html).not.toMatch(/<script|<img|<style/i);
  });

  it.each(of('call_task').map((e) => [label(e), e] as const))('%s script lists every invoice', (_, e) => {
    const expected = EXPECTED[e.sample]![e.language];
    for (const value of [...expected.amounts, ...expected.dates])
      expect(plain(e.message.script)).toContain(value);
  });

  it.each(of('sms').map((e) => [label(e), e] as const))(
    '%s is short, names the business and says STOP',
    (_, e) => {
      const { body, length, segments, encoding, usedFallback } = e.message;
      expect(usedFallback).toBe(false);
      expect(Array.from(body)).toHaveLength(length);
      expect(length).toBeLessThanOrEqual(320);
      expect(body.startsWith(BUSINESS)).toBe(true);
      expect(body.endsWith(STOP[e.language])).toBe(true);
      // 'Ō' is not in the GSM-7 alphabet: the whole message is UCS-2, 67 characters per part.
      expect(encoding).toBe('UCS-2');
      expect(segments).toBe(Math.ceil(body.length / 67));
      const expected = EXPECTED[e.sample]![e.language];
      expect(plain(body)).toContain(expected.totals ?? expected.amounts[0]);
    },
  );

  it.each(of('voice').map((e) => [label(e), e] as const))('%s speaks in the right language', (_, e) => {
    expect(e.message.languageTag).toBe(e.language === 'fr' ? 'fr-FR' : 'en-US');
    expect(e.message.say.length).toBeGreaterThanOrEqual(4);
    expect(e.message.say.at(-1)).toContain(e.language === 'fr' ? 'appuyez sur la touche 1' : 'press 1');
    for (const date of EXPECTED[e.sample]![e.language].dates) expect(e.message.say.join(' ')).toContain(date);
  });

  it('spells amounts and invoice numbers for the voice', () => {
    const say = (language: Language) =>
      of('voice')
        .find((e) => e.language === language && e.sample === 'one-invoice')!
        .message.say.join(' ');
    expect(say('en')).toContain('Invoice I N V, 1 0 4 3, for 1234 US dollars and 56 cents');
    expect(say('fr')).toContain(
      'La facture I N V, 1 0 4 3, d’un montant de 1234 dollars des États-Unis et 56 cents',
    );
    const three = of('voice').find((e) => e.language === 'en' && e.sample === 'three-currencies')!.message
      .say;
    expect(three.join(' ')).toContain('980 euros');
    expect(three.join(' ')).toContain('150000 Japanese yen');
  });

  it('greets the contact by name, or politely without one', () => {
    const text = (language: Language, sample: string) =>
      of('email').find((e) => e.language === language && e.sample === sample && e.tone === 'helpful')!.message
        .text;
    expect(text('en', 'one-invoice').startsWith('Hello Zoë Æbelø,\n')).toBe(true);
    expect(text('fr', 'one-invoice').startsWith('Bonjour Zoë Æbelø,\n')).toBe(true);
    expect(text('en', 'three-currencies').startsWith('Hello,\n')).toBe(true);
    expect(text('fr', 'three-currencies').startsWith('Bonjour,\n')).toBe(true);
  });

  it('shows pay links only where the source gave one', () => {
    const emails = of('email').filter((e) => e.tone === 'firm' && e.language === 'en');
    const bySample = (sample: string) => emails.find((e) => e.sample === sample)!.message;
    expect(bySample('one-invoice').text).toContain(`Pay online: ${PAY_URL}`);
    expect(bySample('one-invoice').html).toContain(`href="${PAY_URL}"`);
    expect(bySample('three-currencies').text).not.toContain('Pay online');
    expect(bySample('three-currencies').html).not.toContain('href="http');
    const two = bySample('two-invoices-one-link');
    expect(two.text.match(/Pay online/g)).toHaveLength(1);
    // The query string's '&' is escaped in the attribute, as HTML requires.
    expect(two.html).toContain('href="https://pay.example.com/i/a2026-21?lang=fr&amp;ref=x"');
  });

  it('puts the actual deadline date in every serious message', () => {
    for (const e of entries.filter((x) => x.tone === 'serious')) {
      expect(allText(e), label(e)).toContain(DEADLINE[e.language]);
    }
  });

  it('keeps each tone to its purpose', () => {
    const text = (tone: string, language: Language) =>
      of('email').find((e) => e.tone === tone && e.language === language && e.sample === 'one-invoice')!
        .message.text;
    expect(text('helpful', 'en')).toContain('approval queue');
    expect(text('helpful', 'fr')).toContain('en attente de validation');
    expect(text('curious', 'en')).toContain('purchase order number');
    expect(text('curious', 'fr')).toContain('numéro de bon de commande');
    expect(text('professional', 'en')).toContain('25 days overdue');
    expect(text('professional', 'en')).toContain('Please reply today');
    expect(text('professional', 'fr')).toContain('dès aujourd’hui');
    expect(text('serious', 'en')).toContain('collections');
    expect(text('serious', 'fr')).toContain('recouvrement');
    expect(text('firm', 'en')).toContain('further reminder');
    expect(text('firm', 'fr')).toContain('Nous vous rappelons');
    const curiousTask = of('call_task').find((e) => e.tone === 'curious' && e.language === 'en')!.message
      .script;
    expect(curiousTask).toContain('Is there a dispute');
    expect(curiousTask).toContain('purchase order number');
  });

  it('escapes names in HTML but keeps them intact in text', () => {
    const [custom] = previewAll({
      channels: ['email'],
      tones: ['helpful'],
      languages: ['en'],
      business: { name: 'Smith & <Sons> "Plumbing"', replyTo: 'a@b.example', phone: null },
    });
    const message = custom!.message as RenderedMessages['email'];
    expect(message.html).toContain('Smith &amp; &lt;Sons&gt; &#34;Plumbing&#34;');
    expect(message.html).not.toContain('<Sons>');
    expect(message.text).toContain('Smith & <Sons> "Plumbing"');
    expect(message.subject).toContain('Smith & <Sons> "Plumbing"');
  });
});
