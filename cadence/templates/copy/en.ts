import {
  BUSINESS,
  FIRST_NUMBER,
  SHORT_PAY_LINK,
  oneOrMany,
  plural,
  totalsList,
  type LanguageCopy,
} from './shape.js';

/** SMS summary with the verb agreeing with the invoice count. */
const summary = (one: string, many: string) =>
  oneOrMany(
    `invoice ${FIRST_NUMBER} for {{ invoices.first.amount }} ${one}`,
    `{{ invoice_count }} invoices totalling ${totalsList('and')} ${many}`,
  );
const days = plural('days_overdue', 'day', 'days');
const payLink = '{% if pay_url %} Pay online: {{ pay_url }}{% endif %}';
const contactUs =
  '{% if business.phone %}Call us on {{ business.phone }}{% else %}Email {{ business.reply_to }}{% endif %}';
const outcome =
  'Record the outcome: reached, promise to pay (with the date), dispute (with the reason), wrong number or no answer.';

/** English default copy. Factual and courteous at every step; never emotional, never a threat. */
export const en: LanguageCopy = {
  greeting: '{% if contact.name %}Hello {{ contact.name }},{% else %}Hello,{% endif %}',
  invoiceLine: `Invoice {{ invoice.number }}: {{ invoice.amount }}, due {{ invoice.due_date }} (${plural('invoice.days_overdue', 'day', 'days')} overdue)`,
  colon: ':',
  payOnline: 'Pay online',
  totalDue: 'Total due',
  and: 'and',
  table: { invoice: 'Invoice', amountDue: 'Amount due', dueDate: 'Due date', daysOverdue: 'Days overdue' },
  signOff: 'Kind regards,',
  voiceIntro: `Hello. This is an automated call from ${BUSINESS}, about ${oneOrMany('an overdue invoice', '{{ invoice_count }} overdue invoices')}.`,
  voiceInvoice:
    'Invoice {{ invoice.number_spoken }}, for {{ invoice.amount_spoken }}, was due on {{ invoice.due_date }}.',
  voiceHowToPay:
    '{% if pay_url %}You can pay online with the link in the email we sent you.{% else %}You can pay using the details on the invoice.{% endif %}',
  voiceClosing: `{% if business.phone %}To speak to someone at ${BUSINESS} now, press 1.{% else %}You can reply to our email with any questions.{% endif %} Thank you, goodbye.`,
  callTask: {
    header: `Call {{ customer.name }}{% if contact.name %}, ask for {{ contact.name }}{% endif %}. Reminder {{ step }}.`,
    invoicesHeading: 'Invoices',
    opening: `"Hello, this is [your name] from ${BUSINESS}. May I speak to {% if contact.name %}{{ contact.name }}{% else %}the person who handles supplier payments{% endif %}? I'm calling about ${oneOrMany(`invoice ${FIRST_NUMBER} for {{ invoices.first.amount }}, which was due on {{ invoices.first.due_date }}`, '{{ invoice_count }} invoices of ours that are past their due dates')}."`,
    askHeading: 'Ask',
    outcome,
  },
  smsStop: 'Reply STOP to opt out.',
  smsFallback: `{{ business.name | truncate: 40 }}: ${plural('invoice_count', 'overdue invoice', 'overdue invoices')}, total ${totalsList('and')}. ${SHORT_PAY_LINK.replace('PAY', 'Pay online:')}Contact {{ business.reply_to | truncate: 60 }}. Reply STOP to opt out.`,
  tones: {
    helpful: {
      subject: oneOrMany(
        `Invoice ${FIRST_NUMBER} from ${BUSINESS}: checking it reached you`,
        `{{ invoice_count }} invoices from ${BUSINESS}: checking they reached you`,
      ),
      intro: [
        `We're checking in about ${oneOrMany('the invoice below, which was due on {{ invoices.first.due_date }}', 'the invoices below')}. We haven't received payment yet, so we want to make sure ${oneOrMany("it reached you and isn't", "they reached you and aren't")} waiting in an approval queue.`,
      ],
      outro: [
        'If payment is already on its way, thank you, and please disregard this message. If anything is missing on your side, such as a purchase order number or a different billing contact, just reply to this email and we will sort it out.',
      ],
      sms: `${BUSINESS}: a friendly reminder that ${summary('was due on {{ invoices.first.due_date }}', 'are past due')}. Could you check ${oneOrMany('it', 'they')} reached the right person?${payLink} Questions? ${contactUs}.`,
      voice: [
        `We are calling to make sure ${oneOrMany('this invoice', 'these invoices')} reached you and ${oneOrMany('is', 'are')} not waiting for approval. If payment is already on its way, thank you.`,
      ],
      callTask: {
        purpose: `Purpose: make sure ${oneOrMany('the invoice arrived and is', 'the invoices arrived and are')} not stuck in an approval queue.`,
        questions: [
          `Did you receive ${oneOrMany('the invoice? Is it', 'the invoices? Are they')} with the right person for approval?`,
          `Is anything missing for ${oneOrMany('it', 'them')} to be approved, such as a purchase order number?`,
          `When do you expect ${oneOrMany('it', 'them')} to be paid?`,
        ],
      },
    },
    curious: {
      subject: oneOrMany(
        `Invoice ${FIRST_NUMBER} from ${BUSINESS}: is anything holding it up?`,
        `{{ invoice_count }} invoices from ${BUSINESS}: is anything holding them up?`,
      ),
      intro: [
        `${oneOrMany(`Invoice ${FIRST_NUMBER} is now ${days} past its due date`, 'The invoices below are now past their due dates')}, and we'd like to understand whether something is holding up payment.`,
        `Is there a question or a dispute about ${oneOrMany('it', 'any of them')}, or is a purchase order number or another detail missing for your accounts payable team? If so, reply to this email and we'll send whatever you need.`,
      ],
      outro: [
        'If payment is already scheduled, a quick reply with the expected date would help us keep our records up to date.',
      ],
      sms: `${BUSINESS}: ${summary(`is now ${days} overdue`, 'are now overdue')}. Is anything holding up payment, such as a question or a missing PO number?${payLink} ${contactUs}.`,
      voice: [
        'We would like to know if anything is holding up payment, such as a question about the invoice or a missing purchase order number.',
      ],
      callTask: {
        purpose: 'Purpose: uncover what is blocking payment.',
        questions: [
          'Is there a dispute or a question about the work or the amount?',
          'Is a purchase order number or another reference missing?',
          'Who approves payment, and when is your next payment run?',
        ],
      },
    },
    professional: {
      subject: oneOrMany(
        `Overdue: invoice ${FIRST_NUMBER} from ${BUSINESS} (${days})`,
        `Overdue: {{ invoice_count }} invoices from ${BUSINESS}`,
      ),
      intro: [
        `${oneOrMany(`Invoice ${FIRST_NUMBER} is now ${days} overdue`, `The invoices below are overdue, the oldest by ${days}`)}, and we have not yet received payment or heard of a reason for the delay.`,
        'Please reply today to let us know the payment status: the date payment will be made, or anything that is preventing it.',
      ],
      outro: ['If you have already paid, please send us the payment date and reference so we can match it.'],
      sms: `${BUSINESS}: ${summary(`is now ${days} overdue`, `are overdue, the oldest by ${days}`)}. Please tell us the payment status today.${payLink} ${contactUs}.`,
      voice: [
        `${oneOrMany(`This invoice is now ${days} overdue`, `These invoices are now overdue, the oldest by ${days}`)}. Please let us know the payment status today.`,
      ],
      callTask: {
        purpose: 'Purpose: get a clear payment status and a date today.',
        questions: [
          'What is the payment status today?',
          'On what date will payment be made, and for which amount?',
          'Is anything preventing payment that we can help with?',
        ],
      },
    },
    serious: {
      subject: oneOrMany(
        `Action needed by {{ deadline }}: invoice ${FIRST_NUMBER} from ${BUSINESS}`,
        `Action needed by {{ deadline }}: {{ invoice_count }} invoices from ${BUSINESS}`,
      ),
      intro: [
        `Despite our previous reminders, ${oneOrMany(`invoice ${FIRST_NUMBER} is still unpaid, ${days} after its due date`, `the invoices below are still unpaid; the oldest is ${days} past its due date`)}.`,
        `We need to resolve this by {{ deadline }}. If we have not received payment or agreed a payment date with you by then, we will have to pass the account to our collections process.`,
      ],
      outro: [
        "If there is a problem we don't know about, please call us{% if business.phone %} on {{ business.phone }}{% endif %} or reply to this email. We would much rather settle this with you directly.",
      ],
      sms: `${BUSINESS}: ${summary('is still unpaid', 'are still unpaid')}. Please pay or agree a payment date with us by {{ deadline }} to avoid referral to collections.${payLink} ${contactUs}.`,
      voice: [
        'Despite our previous reminders, payment has not been received.',
        'We need to resolve this by {{ deadline }}, to avoid passing the account to collections. Please pay, or contact us to agree a payment date.',
      ],
      callTask: {
        purpose: 'Purpose: reach a decision before {{ deadline }}: payment, or a firm payment date.',
        questions: [
          'Can you pay by {{ deadline }}? If so, how much and by what method?',
          'If not, what date can you commit to? (A promise to pay pauses the reminders until that date.)',
          "Is there a problem we don't know about?",
        ],
        note: 'Explain calmly that without payment or an agreed date by {{ deadline }}, the account will be passed to collections. Stay factual: no threats, no other consequences.',
      },
    },
    firm: {
      subject: oneOrMany(
        `Reminder: invoice ${FIRST_NUMBER} from ${BUSINESS} is still unpaid`,
        `Reminder: {{ invoice_count }} invoices from ${BUSINESS} are still unpaid`,
      ),
      intro: [
        `This is a further reminder that ${oneOrMany(`invoice ${FIRST_NUMBER} is still unpaid, ${days} after its due date`, `the invoices below are still unpaid; the oldest is ${days} past its due date`)}.`,
        'Please arrange payment now, or reply to tell us when it will be made.',
      ],
      outro: [
        'If you have paid in the last few days, thank you; please send us the payment reference so we can match it.',
      ],
      sms: `${BUSINESS}: a further reminder that ${summary('is still unpaid', 'are still unpaid')}. Please pay now or tell us when you will.${payLink} ${contactUs}.`,
      voice: [
        'This is a further reminder that payment is still outstanding. Please arrange payment now, or tell us when it will be made.',
      ],
      callTask: {
        purpose: 'Purpose: agree when the balance will be paid.',
        questions: [
          'When will payment be made?',
          'Can you pay part of the balance now?',
          'Is there someone else we should speak to about this?',
        ],
      },
    },
  },
};
