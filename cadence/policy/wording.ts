import { DateTime } from 'luxon';
import type { Language } from '../settings/schema.js';
import { formatAmount } from './money.js';
import type {
  Channel,
  HeldCode,
  HeldDetail,
  LocalDate,
  RemovedChannelReason,
  StoppedCode,
  WaitCode,
} from './types.js';

/** '12 Dec' / '12 déc.' */
export function shortDate(date: LocalDate, locale: Language): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale(locale).toFormat('d LLL');
}

/** 'Mon 09:00' within the coming week of `from`, else 'Mon 14 Dec 09:00'; in the organisation's zone. */
export function whenText(instant: Date, from: Date, zone: string, locale: Language): string {
  const at = DateTime.fromJSDate(instant, { zone }).setLocale(locale);
  const soon = instant.getTime() - from.getTime() < 6 * 24 * 3600 * 1000;
  return at.toFormat(soon ? 'ccc HH:mm' : 'ccc d LLL HH:mm');
}

const CHANNEL_NAMES: Record<Language, Record<Channel, string>> = {
  en: { email: 'email', sms: 'SMS', call: 'call', call_task: 'call task' },
  fr: { email: 'e-mail', sms: 'SMS', call: 'appel', call_task: 'appel à passer' },
};

export function channelName(channel: Channel, locale: Language): string {
  return CHANNEL_NAMES[locale][channel];
}

const REMOVED: Record<Language, Record<RemovedChannelReason, string>> = {
  en: {
    no_email: 'no valid email',
    no_phone: 'no valid phone',
    no_mobile: 'no mobile number',
    opted_out: 'opted out',
    email_disabled: 'email disabled on the account',
    no_sender_number: 'no sender number',
    outside_recipient_hours: "outside the recipient's hours",
  },
  fr: {
    no_email: "pas d'e-mail valide",
    no_phone: 'pas de téléphone valide',
    no_mobile: 'pas de mobile',
    opted_out: 'désinscrit',
    email_disabled: 'e-mail désactivé sur le compte',
    no_sender_number: "pas de numéro d'envoi",
    outside_recipient_hours: 'hors des heures du destinataire',
  },
};

export function removedText(removed: HeldDetail['removedChannels'], locale: Language): string {
  return removed.map((r) => `${channelName(r.channel, locale)}: ${REMOVED[locale][r.reason]}`).join(', ');
}

function creditsText(credits: HeldDetail['credits'], locale: Language): string {
  return credits
    .map((c) => `${formatAmount(c.amount, c.currency)} ${c.currency}`)
    .join(locale === 'fr' ? ' et ' : ' and ');
}

/** 'held: disputed until 12 Dec', 'held: apply the 800.00 NZD credit first', … */
export function heldText(code: HeldCode, detail: HeldDetail, locale: Language): string {
  const until = detail.untilDate;
  if (locale === 'fr') {
    const fr: Record<HeldCode, string> = {
      needs_reconnect: 'à reconnecter',
      autopilot_off: 'pilote automatique désactivé',
      paused: until === null ? 'en pause' : `en pause jusqu'au ${until}`,
      unapplied_credit: `appliquer d'abord l'avoir de ${creditsText(detail.credits, locale)}`,
      awaiting_approval: "en attente d'approbation",
      no_reachable_contact: `aucun contact joignable (${removedText(detail.removedChannels, locale)})`,
      no_due_date: "facture sans date d'échéance",
      disputed: until === null ? 'contestée' : `contestée jusqu'au ${shortDate(until, locale)}`,
      promise_to_pay:
        until === null ? 'promesse de paiement' : `promesse de paiement jusqu'au ${shortDate(until, locale)}`,
    };
    return `suspendu : ${fr[code]}`;
  }
  const en: Record<HeldCode, string> = {
    needs_reconnect: 'needs reconnect',
    autopilot_off: 'autopilot is off',
    paused: until === null ? 'paused' : `paused until ${until}`,
    unapplied_credit: `apply the ${creditsText(detail.credits, locale)} credit first`,
    awaiting_approval: 'awaiting approval',
    no_reachable_contact: `no reachable contact (${removedText(detail.removedChannels, locale)})`,
    no_due_date: 'invoice has no due date',
    disputed: until === null ? 'disputed' : `disputed until ${shortDate(until, locale)}`,
    promise_to_pay: until === null ? 'promise to pay' : `promise to pay until ${shortDate(until, locale)}`,
  };
  return `held: ${en[code]}`;
}

export function stoppedText(code: StoppedCode, locale: Language): string {
  const text: Record<Language, Record<StoppedCode, string>> = {
    en: {
      paid: 'stopped: paid',
      no_open_invoices: 'stopped: no open invoices',
      excluded: 'stopped: customer excluded',
      below_minimum: 'stopped: below the minimum amount',
      backlog: 'stopped: overdue before connecting (newly overdue only)',
      handed_to_collections: 'stopped: handed to collections',
      cadence_complete: 'stopped: cadence complete',
    },
    fr: {
      paid: 'arrêté : payé',
      no_open_invoices: 'arrêté : aucune facture ouverte',
      excluded: 'arrêté : client exclu',
      below_minimum: 'arrêté : sous le montant minimum',
      backlog: 'arrêté : en retard avant la connexion (nouveaux retards uniquement)',
      handed_to_collections: 'arrêté : transmis au recouvrement',
      cadence_complete: 'arrêté : relances terminées',
    },
  };
  return text[locale][code];
}

/** `recipientHours` is the settings' recipient window ('08:00–21:00'), named by the recipient-hours wait. */
export function waitText(
  code: WaitCode,
  when: string,
  stepLabel: string | null,
  locale: Language,
  recipientHours: string,
): string {
  const step = stepLabel === null ? '' : ` ${stepLabel}`;
  if (locale === 'fr') {
    const fr: Record<WaitCode, string> = {
      not_due: `prochaine relance${step} : ${when}`,
      min_gap: `délai minimum entre deux relances, prochaine${step} : ${when}`,
      same_day: `déjà contacté aujourd'hui, prochaine${step} : ${when}`,
      outside_send_window: `suspendu : hors de la plage d'envoi, prochaine ${when}`,
      outside_recipient_hours: `suspendu : hors des heures du client pour les appels et SMS (${recipientHours}, heure locale), prochaine ${when}`,
    };
    return fr[code];
  }
  const en: Record<WaitCode, string> = {
    not_due: `next:${step} ${when}`,
    min_gap: `waiting: minimum gap since the last touchpoint, next${step} ${when}`,
    same_day: `waiting: already contacted today, next${step} ${when}`,
    outside_send_window: `held: outside send window, next ${when}`,
    outside_recipient_hours: `held: outside the customer's hours for calls and texts (${recipientHours} their time), next ${when}`,
  };
  return en[code];
}

/** 'step 2 (day 14)' / 'repeat 1 (day 35)' */
export function stepLabel(
  step: { number: number; day: number; isRepeat: boolean; index: number },
  stepsCount: number,
  locale: Language,
): string {
  const repeat = step.index - stepsCount + 1;
  if (locale === 'fr')
    return step.isRepeat
      ? `répétition ${repeat} (jour ${step.day})`
      : `étape ${step.number} (jour ${step.day})`;
  return step.isRepeat ? `repeat ${repeat} (day ${step.day})` : `step ${step.number} (day ${step.day})`;
}
