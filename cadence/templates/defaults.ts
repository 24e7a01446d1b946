import { en } from './copy/en.js';
import { fr } from './copy/fr.js';
import { totalsList, type LanguageCopy } from './copy/shape.js';
import type { Channel, Language, TemplateSources, Tone } from './types.js';

const COPY: Record<Language, LanguageCopy> = { en, fr };

/**
 * The default, editable Liquid source of one template. The settings page shows exactly this; a user's
 * override replaces a field whole.
 */
export function defaultTemplate<C extends Channel>(
  channel: C,
  tone: Tone,
  language: Language,
): TemplateSources[C] {
  const copy = COPY[language];
  const sources: { [K in Channel]: () => TemplateSources[K] } = {
    email: () => ({
      subject: copy.tones[tone].subject,
      text: emailText(copy, tone),
      html: emailHtml(copy, tone),
    }),
    sms: () => ({ body: `${copy.tones[tone].sms} ${copy.smsStop}` }),
    voice: () => ({ say: voiceScript(copy, tone) }),
    call_task: () => ({ script: callTaskScript(copy, tone) }),
  };
  return sources[channel]();
}

/** The short SMS that replaces one that renders over the limit. Always names the business and says STOP. */
export function fallbackSms(language: Language): string {
  return COPY[language].smsFallback;
}

function totalsLine(copy: LanguageCopy): string {
  return `{% if invoice_count > 1 %}${copy.totalDue}${copy.colon} ${totalsList(copy.and)}\n{% endif %}`;
}

function emailText(copy: LanguageCopy, tone: Tone): string {
  const { intro, outro } = copy.tones[tone];
  const list =
    '{% for invoice in invoices %}- ' +
    copy.invoiceLine +
    `{% if invoice.pay_url %}\n  ${copy.payOnline}${copy.colon} {{ invoice.pay_url }}{% endif %}\n{% endfor %}` +
    totalsLine(copy);
  return [
    copy.greeting,
    ...intro,
    list,
    ...outro,
    `${copy.signOff}\n{{ business.name }}\n{{ business.reply_to }}`,
  ]
    .join('\n\n')
    .concat('{% if business.phone %}\n{{ business.phone }}{% endif %}\n');
}

const P = '<p style="margin:0 0 16px 0;">';
const CELL_BASE = 'padding:6px 12px 6px 0;border-bottom:1px solid #d0d7de;';
const CELL = `${CELL_BASE}text-align:left;`;
const NUM = `${CELL_BASE}text-align:right;`;

/** Inline styles only, no images, no scripts: what every mail client renders and screen readers follow. */
function emailHtml(copy: LanguageCopy, tone: Tone): string {
  const { intro, outro } = copy.tones[tone];
  const t = copy.table;
  const table = [
    '<table role="table" style="border-collapse:collapse;margin:0 0 16px 0;">',
    `<thead><tr><th scope="col" style="${CELL}">${t.invoice}</th><th scope="col" style="${NUM}">${t.amountDue}</th><th scope="col" style="${CELL}">${t.dueDate}</th><th scope="col" style="${NUM}">${t.daysOverdue}</th></tr></thead>`,
    '<tbody>{%- for invoice in invoices %}',
    `<tr><td style="${CELL}">{{ invoice.number }}</td><td style="${NUM}">{{ invoice.amount }}</td><td style="${CELL}">{{ invoice.due_date }}</td><td style="${NUM}">{{ invoice.days_overdue }}</td></tr>`,
    '{%- endfor %}</tbody>',
    '{% if invoice_count > 1 %}<tfoot>{%- for total in totals %}',
    `<tr><th scope="row" style="${CELL}">${copy.totalDue} ({{ total.currency }})</th><td style="${NUM}font-weight:bold;">{{ total.amount }}</td><td colspan="2" style="${CELL}"></td></tr>`,
    '{%- endfor %}</tfoot>{% endif %}',
    '</table>',
  ].join('\n');
  const payLinks =
    '{% for invoice in invoices %}{% if invoice.pay_url %}' +
    `${P}<a href="{{ invoice.pay_url }}" style="color:#0b57d0;font-weight:bold;">${copy.payOnline}${copy.colon} {{ invoice.number }}</a></p>\n` +
    '{% endif %}{% endfor %}';
  return [
    `${P}${copy.greeting}</p>`,
    ...intro.map((p) => `${P}${p}</p>`),
    table,
    payLinks,
    ...outro.map((p) => `${P}${p}</p>`),
    `${P}${copy.signOff}<br>\n{{ business.name }}<br>\n<a href="mailto:{{ business.reply_to }}" style="color:#0b57d0;">{{ business.reply_to }}</a>{% if business.phone %}<br>\n{{ business.phone }}{% endif %}</p>`,
  ].join('\n');
}

/** One `<Say>` per non-empty line. */
function voiceScript(copy: LanguageCopy, tone: Tone): string {
  return [
    copy.voiceIntro,
    `{% for invoice in invoices %}${copy.voiceInvoice}\n{% endfor %}`,
    ...copy.tones[tone].voice,
    copy.voiceHowToPay,
    copy.voiceClosing,
  ].join('\n');
}

function callTaskScript(copy: LanguageCopy, tone: Tone): string {
  const { callTask } = copy.tones[tone];
  const c = copy.callTask;
  return [
    c.header,
    callTask.purpose,
    `${c.invoicesHeading}${copy.colon}\n{% for invoice in invoices %}- ${copy.invoiceLine}\n{% endfor %}${totalsLine(copy)}`,
    c.opening,
    `${c.askHeading}${copy.colon}\n${callTask.questions.map((q) => `- ${q}`).join('\n')}`,
    ...(callTask.note ? [callTask.note] : []),
    c.outcome,
  ].join('\n\n');
}
