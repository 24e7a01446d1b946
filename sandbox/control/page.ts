import type { Company } from '../books/types.js';
import type { SandboxWorld } from '../world.js';
import { listInvoices, summarize } from './books-routes.js';

/**
 * The control page at /sandbox: the companies, their overdue invoices with buttons to pay or void them, and
 * everything the sandbox received. Plain forms posting to the control API (Post/Redirect/Get), no script.
 */
export const escapeHtml = (value: string | number | null | undefined): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const esc = escapeHtml;

/** Integer cents as "1,234.56 USD", without going through a float. */
export function formatCents(cents: number, currency: string): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.trunc(abs / 100).toLocaleString('en-US');
  return `${sign}${units}.${String(abs % 100).padStart(2, '0')} ${currency}`;
}

const time = (ms: number) => esc(new Date(ms).toISOString().replace('T', ' ').slice(0, 19));

function button(action: string, label: string, fields: Record<string, string> = {}): string {
  const hidden = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return `<form method="post" action="${esc(action)}" class="inline">${hidden}<button>${esc(label)}</button></form>`;
}

function companySection(world: SandboxWorld, company: Company): string {
  const s = summarize(world, company);
  const base = `/sandbox/companies/${encodeURIComponent(company.id)}`;
  const overdue = listInvoices(world, company, { overdue: 'true', limit: 1000 }).slice(0, 25);
  const rows = overdue
    .map((i) => {
      const half = Math.floor(i.amountDueCents / 2);
      return `<tr><td>${esc(i.number)}</td><td>${esc(i.customerName)}</td><td>${esc(i.dueDate)}</td>
        <td class="num">${esc(formatCents(i.amountDueCents, i.currency))}</td>
        <td>${button(`${base}/invoices/${encodeURIComponent(i.id)}/pay`, 'Pay in full')}
        ${half > 0 ? button(`${base}/invoices/${encodeURIComponent(i.id)}/pay`, 'Pay half', { amountCents: String(half) }) : ''}
        ${button(`${base}/invoices/${encodeURIComponent(i.id)}/void`, 'Void')}</td></tr>`;
    })
    .join('');
  const payments = company.payments
    .filter((p) => !p.deleted)
    .slice(-5)
    .reverse()
    .map(
      (
        p,
      ) => `<li>${esc(p.date)} ${esc(formatCents(p.amountCents, p.currency))} → ${esc(p.applications.map((a) => company.index.invoices.get(a.invoiceId)?.number ?? a.invoiceId).join(', '))}
        ${button(`${base}/payments/${encodeURIComponent(p.id)}/delete`, 'Delete payment')}</li>`,
    )
    .join('');
  return `<section><h2>${esc(company.name)} <small>${esc(company.provider)} · ${esc(company.id)} · ${esc(company.timeZone)} · today ${esc(s.today)}</small></h2>
    <p>${s.invoices} invoices, ${s.open} open, ${s.overdue} overdue, ${s.customers} customers.</p>
    <table><thead><tr><th>Invoice</th><th>Customer</th><th>Due</th><th>Amount due</th><th></th></tr></thead><tbody>${rows || '<tr><td colspan="5">Nothing overdue.</td></tr>'}</tbody></table>
    <h3>Latest payments</h3><ul>${payments || '<li>None.</li>'}</ul></section>`;
}

function receivedSection(world: SandboxWorld): string {
  const last = <T>(items: T[]) => items.slice(-20).reverse();
  const emails = last(world.received.emails)
    .map(
      (e) =>
        `<tr><td>${time(e.at)}</td><td>${esc(e.to.join(', '))}</td><td>${esc(e.subject)}</td><td>${esc(e.status)}</td></tr>`,
    )
    .join('');
  const sms = last(world.received.sms)
    .map((m) => {
      const replies =
        m.direction === 'outbound-api'
          ? ['STOP', 'START', 'HELP']
              .map((body) => button('/sandbox/sms/reply', `Reply ${body}`, { from: m.to, to: m.from, body }))
              .join(' ')
          : '';
      return `<tr><td>${time(m.at)}</td><td>${esc(m.from)} → ${esc(m.to)}</td><td>${esc(m.body)}</td><td>${esc(m.status)}</td><td>${replies}</td></tr>`;
    })
    .join('');
  const calls = last(world.received.calls)
    .map(
      (c) =>
        `<tr><td>${time(c.at)}</td><td>${esc(c.to)}</td><td>${esc(c.status)}</td><td>${esc(c.answeredBy ?? '')}</td><td>${c.duration}s</td></tr>`,
    )
    .join('');
  const notes = last(world.received.notes)
    .map(
      (n) =>
        `<tr><td>${time(n.at)}</td><td>${esc(world.company(n.companyId)?.name ?? n.companyId)}</td><td>${esc(world.company(n.companyId)?.index.invoices.get(n.invoiceId)?.number ?? n.invoiceId)}</td><td>${esc(n.text)}</td></tr>`,
    )
    .join('');
  const table = (title: string, head: string[], body: string) =>
    `<h2>${esc(title)}</h2><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body || `<tr><td colspan="${head.length}">Nothing yet.</td></tr>`}</tbody></table>`;
  return [
    table('Emails', ['At', 'To', 'Subject', 'Status'], emails),
    table('SMS', ['At', 'From → To', 'Body', 'Status', 'Customer replies'], sms),
    table('Calls', ['At', 'To', 'Status', 'Answered by', 'Duration'], calls),
    table('Notes written back', ['At', 'Company', 'Invoice', 'Text'], notes),
  ].join('');
}

function controls(world: SandboxWorld): string {
  const options = (values: string[]) => values.map((v) => `<option>${esc(v)}</option>`).join('');
  const faults = world.faults
    .filter((f) => f.remaining > 0)
    .map(
      (f) =>
        `<li>${esc(f.kind)} × ${f.remaining} on ${esc(f.target)}${f.companyId ? ` (${esc(f.companyId)})` : ''}</li>`,
    )
    .join('');
  return `<section class="controls">
    <p>Sandbox clock: <strong>${time(world.now())} UTC</strong></p>
    <form method="post" action="/sandbox/clock/advance">Advance clock by <input name="days" size="3" value="1"> days <input name="hours" size="3" value=""> hours <button>Advance</button></form>
    <form method="post" action="/sandbox/calls/outcome">Calls to <input name="number" placeholder="+64215550101" required> will be <select name="outcome">${options(['human', 'machine', 'no-answer', 'busy', 'failed'])}</select> <button>Script call</button></form>
    <form method="post" action="/sandbox/sms/reply"><input name="from" placeholder="+64215550101" required> texts <input name="body" placeholder="STOP" required> <button>Send reply</button></form>
    <form method="post" action="/sandbox/faults">Inject <select name="kind">${options(['rate-limit', 'rate-limit-day', 'server-error', 'slow', 'revoked'])}</select> on <select name="target">${options(['quickbooks', 'xero', 'sendgrid', 'twilio', 'all'])}</select> company <input name="companyId" placeholder="(any)"> × <input name="times" size="4" value="5"> <button>Inject fault</button></form>
    <ul>${faults}</ul>
    ${button('/sandbox/faults/clear', 'Clear faults')} ${button('/sandbox/reset', 'Forget everything received')}
  </section>`;
}

export function renderControlPage(world: SandboxWorld): string {
  const companies = [...world.companies.values()].map((c) => companySection(world, c)).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dunwise sandbox</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:80rem}table{border-collapse:collapse;width:100%;margin-bottom:1rem}
td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}.num{text-align:right}form.inline{display:inline}
.controls form{margin:.4rem 0}small{color:#666;font-weight:normal}</style></head>
<body><h1>Dunwise sandbox</h1><p>Local stand-in for QuickBooks Online, Xero, SendGrid and Twilio.</p>
${controls(world)}${companies}${receivedSection(world)}</body></html>`;
}
