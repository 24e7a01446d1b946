import type { Language, MessageContext } from './types.js';

export interface SampleContext {
  /** Stable key, e.g. 'one-invoice'. */
  name: string;
  description: string;
  context: MessageContext;
}

const SAMPLE_BUSINESS: MessageContext['business'] = {
  name: 'Ōtautahi Plumbing Ltd',
  replyTo: 'accounts@otautahi-plumbing.example',
  phone: '+64 3 555 0142',
};

/**
 * Realistic contexts for the settings page's live preview, the "send me a test" button and save-time
 * validation: non-ASCII names, three currencies, one and several invoices, with and without a pay link and a
 * contact name. Dates are fixed (step 4's deadline is the Friday after 2026-12-07), so previews never depend
 * on the clock. Pass `business` to preview with the user's own name and addresses.
 */
export function sampleContexts(
  language: Language,
  business: MessageContext['business'] = SAMPLE_BUSINESS,
): SampleContext[] {
  const base = { business, language, step: 4, deadline: '2026-12-11' };
  return [
    {
      name: 'one-invoice',
      description: 'One invoice with a pay link, contact known',
      context: {
        ...base,
        customer: { name: 'Æbelø Design ApS' },
        contact: { name: 'Zoë Æbelø' },
        invoices: [
          {
            number: 'INV-1043',
            amountDue: '1234.56',
            currency: 'USD',
            dueDate: '2026-11-12',
            daysOverdue: 25,
            payUrl: 'https://pay.example.com/i/8f3a2c',
          },
        ],
      },
    },
    {
      name: 'three-currencies',
      description: 'Three invoices in USD, EUR and JPY, no contact name, no pay links',
      context: {
        ...base,
        customer: { name: 'Société Générale d’Équipement Électrique' },
        contact: { name: null },
        invoices: [
          {
            number: 'INV-0987',
            amountDue: '980',
            currency: 'EUR',
            dueDate: '2026-11-05',
            daysOverdue: 32,
            payUrl: null,
          },
          {
            number: 'INV-1001',
            amountDue: '150000',
            currency: 'JPY',
            dueDate: '2026-11-19',
            daysOverdue: 18,
            payUrl: null,
          },
          {
            number: '1002',
            amountDue: '75.5',
            currency: 'USD',
            dueDate: '2026-11-29',
            daysOverdue: 8,
            payUrl: null,
          },
        ],
      },
    },
    {
      name: 'two-invoices-one-link',
      description: 'Two invoices in one currency, only one with a pay link, contact known',
      context: {
        ...base,
        step: 7,
        customer: { name: 'Kōwhai & Sons <Trading>' },
        contact: { name: 'Émilie O’Brien-Núñez' },
        invoices: [
          {
            number: 'A/2026/17',
            amountDue: '12500.00',
            currency: 'EUR',
            dueDate: '2026-10-30',
            daysOverdue: 38,
            payUrl: null,
          },
          {
            number: 'A/2026/21',
            amountDue: '0.99',
            currency: 'EUR',
            dueDate: '2026-11-28',
            daysOverdue: 9,
            payUrl: 'https://pay.example.com/i/a2026-21?lang=fr&ref=x',
          },
        ],
      },
    },
  ];
}
