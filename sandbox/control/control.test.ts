import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBooks } from '../books/check-books.js';
import { DEMO_COMPANIES } from '../books/demo.js';
import type { Invoice, Payment } from '../books/types.js';
import { startSandbox, type RunningSandbox } from '../server.js';
import type { CompanySummary } from './books-routes.js';

let sandbox: RunningSandbox;
const asOf = '2026-03-10';
const qbo = DEMO_COMPANIES.quickbooks.id;

type Json = Record<string, unknown> & { error: { code: string; message: string } };
type InvoiceJson = Invoice & { payments: Payment[] };

/** Calls the control API; `T` is the shape the test expects back (not checked: the assertions do that). */
async function call<T = Json>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : null) as T };
}

beforeAll(async () => {
  sandbox = await startSandbox({ asOf });
});
afterAll(() => sandbox.close());

describe('control API', () => {
  it('lists the demo companies with their counts, in their own "today"', async () => {
    const { status, json } = await call<CompanySummary[]>('GET', '/sandbox/companies');
    expect(status).toBe(200);
    expect(json.map((c) => c.name)).toEqual([
      'Harbour Plumbing Co.',
      'Ōtautahi Joinery Ltd',
      'Camden Print Co Ltd',
    ]);
    expect(json[0]).toMatchObject({ id: qbo, provider: 'quickbooks', today: asOf });
    expect(json[0]!.overdue).toBeGreaterThanOrEqual(10);
  });

  it('pays an invoice in part, then in full, and deleting the payment reopens it', async () => {
    const overdue = (await call<Invoice[]>('GET', `/sandbox/companies/${qbo}/invoices?overdue=true&limit=5`))
      .json;
    const invoice = overdue[0]!;
    const part = await call('POST', `/sandbox/companies/${qbo}/invoices/${invoice.id}/pay`, {
      amountCents: 100,
    });
    expect(part.status).toBe(200);
    expect(part.json).toMatchObject({
      amountCents: 100,
      date: asOf,
      applications: [{ invoiceId: invoice.id, amountCents: 100 }],
    });
    const rest = await call<Payment>('POST', `/sandbox/companies/${qbo}/invoices/${invoice.id}/pay`, {});
    const paid = (await call<InvoiceJson>('GET', `/sandbox/companies/${qbo}/invoices/${invoice.id}`)).json;
    expect([paid.status, paid.amountDueCents, paid.payments.length]).toEqual(['paid', 0, 2]);
    await call('POST', `/sandbox/companies/${qbo}/payments/${rest.json.id}/delete`);
    const reopened = (await call<InvoiceJson>('GET', `/sandbox/companies/${qbo}/invoices/${invoice.id}`))
      .json;
    expect([reopened.status, reopened.amountDueCents]).toEqual(['open', invoice.amountDueCents - 100]);
    expect(checkBooks(sandbox.world.company(qbo)!)).toEqual([]);
  });

  it('voids and deletes invoices; a second void is a 409', async () => {
    const [a, b] = (await call<Invoice[]>('GET', `/sandbox/companies/${qbo}/invoices?status=open&limit=2`))
      .json as [Invoice, Invoice];
    expect((await call('POST', `/sandbox/companies/${qbo}/invoices/${a.id}/void`)).json).toMatchObject({
      status: 'voided',
      amountDueCents: 0,
    });
    expect(
      (await call<Invoice>('POST', `/sandbox/companies/${qbo}/invoices/${b.id}/delete`)).json.status,
    ).toBe('deleted');
    const again = await call('POST', `/sandbox/companies/${qbo}/invoices/${a.id}/void`);
    expect([again.status, again.json.error.code]).toEqual([409, 'invalid_state']);
  });

  it('advances the clock', async () => {
    const before = (await call<{ now: number }>('GET', '/sandbox/clock')).json.now;
    const after = await call<{ now: number }>('POST', '/sandbox/clock/advance', { days: 7 });
    expect(after.json.now - before).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(after.json.now - before).toBeLessThan(8 * 86_400_000);
  });

  it('injects faults and lists the live ones', async () => {
    const fault = await call('POST', '/sandbox/faults', {
      target: 'xero',
      kind: 'rate-limit',
      times: 3,
      companyId: DEMO_COMPANIES.xeroNz.id,
    });
    expect(fault.json).toEqual({
      target: 'xero',
      kind: 'rate-limit',
      remaining: 3,
      companyId: DEMO_COMPANIES.xeroNz.id,
    });
    expect((await call<unknown[]>('GET', '/sandbox/faults')).json).toHaveLength(1);
    await call('POST', '/sandbox/faults/clear');
    expect((await call('GET', '/sandbox/faults')).json).toEqual([]);
  });

  it('scripts replies, call outcomes and email outcomes, and shows what was received', async () => {
    const reply = await call('POST', '/sandbox/sms/reply', {
      from: '+64215550101',
      to: '+15005550006',
      body: 'STOP',
    });
    expect(reply.json).toMatchObject({ direction: 'inbound', body: 'STOP', status: 'received' });
    expect(sandbox.world.twilio.optOuts.has('+64215550101|+15005550006')).toBe(true);
    expect((await call<unknown[]>('GET', '/sandbox/sms?direction=inbound')).json).toHaveLength(1);
    expect((await call('GET', '/sandbox/sms?direction=outbound-api')).json).toEqual([]);
    await call('POST', '/sandbox/calls/outcome', { number: '+64215550102', outcome: 'no-answer' });
    expect(sandbox.world.twilio.callOutcomes.get('+64215550102')).toBe('no-answer');
    await call('POST', '/sandbox/email/outcome', { email: 'AP@Example.com', outcome: 'bounce' });
    expect(sandbox.world.sendgrid.outcomes.get('ap@example.com')).toBe('bounce');
    for (const path of [
      '/sandbox/emails',
      '/sandbox/calls',
      '/sandbox/notes?companyId=x',
      '/sandbox/deliveries',
    ]) {
      expect((await call('GET', path)).json).toEqual([]);
    }
    await call('POST', '/sandbox/reset');
    expect((await call('GET', '/sandbox/sms')).json).toEqual([]);
  });

  it.each([
    ['POST', `/sandbox/companies/${qbo}/invoices/1/pay`, { amountCents: -5 }, 400],
    ['POST', `/sandbox/companies/${qbo}/invoices/1/pay`, { amountCents: 'lots' }, 400],
    ['POST', `/sandbox/companies/nope/invoices/1/pay`, {}, 404],
    ['POST', `/sandbox/companies/${qbo}/invoices/does-not-exist/void`, {}, 404],
    ['POST', '/sandbox/sms/reply', { from: '0211234567', body: 'STOP' }, 400],
    ['POST', '/sandbox/calls/outcome', { number: '+64215550102', outcome: 'voicemail' }, 400],
    ['POST', '/sandbox/clock/advance', { days: -1 }, 400],
    ['POST', '/sandbox/clock/advance', {}, 400],
    ['POST', '/sandbox/faults', { target: 'stripe', kind: 'rate-limit' }, 400],
    ['POST', '/sandbox/faults', { target: 'xero', kind: 'rate-limit', times: 0 }, 400],
    ['POST', '/sandbox/email/outcome', { email: 'not-an-email', outcome: 'bounce' }, 400],
    ['GET', '/sandbox/companies/nope', undefined, 404],
    ['GET', '/sandbox/nothing-here', undefined, 404],
    ['POST', '/sandbox/faults', '{"target":', 400],
  ] as const)('%s %s with bad input → %i JSON error', async (method, path, body, status) => {
    const response = await call(method, path, body);
    expect(response.status).toBe(status);
    expect(typeof response.json.error.code).toBe('string');
    expect(response.json.error.message.length).toBeGreaterThan(0);
    expect(JSON.stringify(response.json)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('serves the control page with forms that post to the control API', async () => {
    const response = await fetch(`${sandbox.url}/sandbox`);
    const html = await response.text();
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('Ōtautahi Joinery Ltd');
    expect(html).toContain('Zoë Æbelø Design');
    expect(html).toMatch(
      /<form method="post" action="\/sandbox\/companies\/9341455130166501\/invoices\/[^"]+\/pay"/,
    );
    expect(html).not.toContain('<script');
  });

  it('answers a form post with a redirect back to the page', async () => {
    const response = await fetch(`${sandbox.url}/sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'days=1&hours=',
      redirect: 'manual',
    });
    expect([response.status, response.headers.get('location')]).toEqual([303, '/sandbox']);
  });

  it('gives demo invoices a pay link whose page takes the payment', async () => {
    const company = sandbox.world.company(qbo)!;
    const invoice = company.invoices.find((i) => i.status === 'open')!;
    expect(invoice.payUrl).toBe(`${sandbox.url}/sandbox/pay/${qbo}/${invoice.id}`);
    const page = await fetch(invoice.payUrl!);
    expect(await page.text()).toContain(`Pay invoice ${invoice.number}`);
    const paid = await fetch(invoice.payUrl!, { method: 'POST', redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect([invoice.status, invoice.amountDueCents]).toEqual(['paid', 0]);
    expect(await (await fetch(invoice.payUrl!)).text()).toContain('is paid');
    expect((await fetch(`${sandbox.url}/sandbox/pay/${qbo}/nope`)).status).toBe(404);
  });
});
