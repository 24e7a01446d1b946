import type { CadenceSettings, Language } from '../settings/schema.js';
import type { CustomerDecision, SendDecision } from './types.js';
import { channelName, heldText, removedText, stepLabel, stoppedText, waitText, whenText } from './wording.js';

function sendText(d: SendDecision, settings: CadenceSettings, locale: Language): string {
  const fr = locale === 'fr';
  const colon = fr ? ' : ' : ': ';
  const label = stepLabel(d.step, settings.steps.length, locale);
  const main = d.channels.map((c) => channelName(c, locale)).join(' + ');
  const channels =
    d.fallback === null ? main : `${main} (${fr ? 'sinon' : 'else'} ${channelName(d.fallback, locale)})`;
  const n = d.invoices.length;
  const invoices = fr ? `${n} facture${n > 1 ? 's' : ''}` : `${n} invoice${n > 1 ? 's' : ''}`;
  const totals = d.totals.map((t) => `${t.amountDue} ${t.currency}`).join(' + ');
  const when = whenText(d.plannedAt, d.decidedAt, settings.timeZone, locale);
  const parts = [`${label}${colon}${channels}`, `${invoices}, ${totals}`, when];
  if (d.removedChannels.length > 0)
    parts.push(`${fr ? 'retiré' : 'removed'}${colon}${removedText(d.removedChannels, locale)}`);
  const text = parts.join(' — ');
  return d.approvalRequired ? `${fr ? 'à approuver' : 'needs approval'}${colon}${text}` : text;
}

/**
 * The one-line reason shown by `dunwise plan` and the dashboard, e.g. "held: disputed until 12 Dec",
 * "held: outside send window, next Mon 09:00", "step 4 (day 28): call — 3 invoices, 1200.00 NZD — Tue 10:00".
 * Times are in the organisation's zone. A send whose delivery is unknown is flagged, since it is never retried.
 */
export function explainDecision(
  decision: CustomerDecision,
  settings: CadenceSettings,
  locale: Language,
): string {
  let text: string;
  switch (decision.kind) {
    case 'send':
      text = sendText(decision, settings, locale);
      break;
    case 'wait': {
      const when = whenText(decision.until, decision.decidedAt, settings.timeZone, locale);
      const label = decision.step === null ? null : stepLabel(decision.step, settings.steps.length, locale);
      const { start, end } = settings.recipientWindow;
      text = waitText(decision.reason, when, label, locale, `${start}–${end}`);
      break;
    }
    case 'held':
      text = heldText(decision.reason.code, decision.detail, locale);
      break;
    case 'stopped':
      text = stoppedText(decision.reason, locale);
      break;
  }
  const unknown = decision.warnings.filter((w) => w.code === 'unknown_delivery').length;
  if (unknown === 0) return text;
  return `${text} (${locale === 'fr' ? `${unknown} envoi(s) au résultat inconnu, à vérifier` : `${unknown} send(s) with unknown outcome, check them`})`;
}
