import {
  BUSINESS,
  FIRST_NUMBER,
  SHORT_PAY_LINK,
  oneOrMany,
  plural,
  totalsList,
  type LanguageCopy,
} from './shape.js';

/** Résumé SMS dont le verbe s'accorde avec le nombre de factures. */
const summary = (one: string, many: string) =>
  oneOrMany(
    `la facture ${FIRST_NUMBER} de {{ invoices.first.amount }} ${one}`,
    `{{ invoice_count }} factures d'un total de ${totalsList('et')} ${many}`,
  );
const days = plural('days_overdue', 'jour', 'jours');
const payLink = '{% if pay_url %} Payer en ligne : {{ pay_url }}{% endif %}';
const contactUs =
  '{% if business.phone %}Appelez-nous au {{ business.phone }}{% else %}Écrivez-nous : {{ business.reply_to }}{% endif %}';
const outcome =
  'Notez le résultat de l’appel : joint, promesse de paiement (avec la date), litige (avec le motif), mauvais numéro ou pas de réponse.';

/** Textes par défaut en français : vouvoiement, ton factuel et courtois, jamais de menace. */
export const fr: LanguageCopy = {
  greeting: '{% if contact.name %}Bonjour {{ contact.name }},{% else %}Bonjour,{% endif %}',
  invoiceLine: `Facture {{ invoice.number }} : {{ invoice.amount }}, échéance le {{ invoice.due_date }} (${plural('invoice.days_overdue', 'jour', 'jours')} de retard)`,
  colon: ' :',
  payOnline: 'Payer en ligne',
  totalDue: 'Total dû',
  and: 'et',
  table: { invoice: 'Facture', amountDue: 'Montant dû', dueDate: 'Échéance', daysOverdue: 'Jours de retard' },
  signOff: 'Cordialement,',
  voiceIntro: `Bonjour. ${BUSINESS} vous appelle, par message automatique, au sujet ${oneOrMany("d'une facture impayée", 'de {{ invoice_count }} factures impayées')}.`,
  voiceInvoice:
    'La facture {{ invoice.number_spoken }}, d’un montant de {{ invoice.amount_spoken }}, était à régler le {{ invoice.due_date }}.',
  voiceHowToPay:
    '{% if pay_url %}Vous pouvez payer en ligne grâce au lien figurant dans le courriel que nous vous avons envoyé.{% else %}Vous pouvez payer à l’aide des coordonnées indiquées sur la facture.{% endif %}',
  voiceClosing: `{% if business.phone %}Pour parler dès maintenant à un membre de notre équipe, appuyez sur la touche 1.{% else %}Pour toute question, vous pouvez répondre à notre courriel.{% endif %} Merci, et bonne journée.`,
  callTask: {
    header: `Appeler {{ customer.name }}{% if contact.name %}, demander {{ contact.name }}{% endif %}. Relance n° {{ step }}.`,
    invoicesHeading: 'Factures',
    opening: `« Bonjour, ici [votre nom], de la société ${BUSINESS}. Pourrais-je parler à {% if contact.name %}{{ contact.name }}{% else %}la personne chargée du règlement des fournisseurs{% endif %} ? Je vous appelle au sujet ${oneOrMany(`de la facture ${FIRST_NUMBER} de {{ invoices.first.amount }}, arrivée à échéance le {{ invoices.first.due_date }}`, 'de {{ invoice_count }} factures dont l’échéance est dépassée')}. »`,
    askHeading: 'Questions à poser',
    outcome,
  },
  smsStop: 'Répondez STOP pour vous désabonner.',
  smsFallback: `{{ business.name | truncate: 40 }} : ${plural('invoice_count', 'facture impayée', 'factures impayées')}, total ${totalsList('et')}. ${SHORT_PAY_LINK.replace('PAY', 'Payer en ligne :')}Contact : {{ business.reply_to | truncate: 60 }}. Répondez STOP pour vous désabonner.`,
  tones: {
    helpful: {
      subject: oneOrMany(
        `Facture ${FIRST_NUMBER} (${BUSINESS}) : vous est-elle bien parvenue ?`,
        `{{ invoice_count }} factures (${BUSINESS}) : vous sont-elles bien parvenues ?`,
      ),
      intro: [
        `Nous revenons vers vous au sujet ${oneOrMany('de la facture ci-dessous, arrivée à échéance le {{ invoices.first.due_date }}', 'des factures ci-dessous, arrivées à échéance')}. Nous n’en avons pas encore reçu le règlement et souhaitons simplement nous assurer ${oneOrMany('qu’elle vous est bien parvenue et qu’elle n’est pas restée', 'qu’elles vous sont bien parvenues et qu’elles ne sont pas restées')} en attente de validation.`,
      ],
      outro: [
        'Si le paiement est déjà en cours, merci beaucoup, et ne tenez pas compte de ce message. S’il vous manque un élément, comme un numéro de bon de commande ou le nom d’un autre interlocuteur pour la facturation, il vous suffit de répondre à ce courriel et nous nous en occupons.',
      ],
      sms: `${BUSINESS} : petit rappel, ${summary('est arrivée à échéance le {{ invoices.first.due_date }}', 'sont arrivées à échéance')}. Pouvez-vous vérifier ${oneOrMany('qu’elle est bien parvenue', 'qu’elles sont bien parvenues')} au bon service ?${payLink} Une question ? ${contactUs}.`,
      voice: [
        `Nous vous appelons pour nous assurer que ${oneOrMany('cette facture vous est bien parvenue et qu’elle n’est pas', 'ces factures vous sont bien parvenues et qu’elles ne sont pas')} en attente de validation. Si le paiement est déjà en cours, merci beaucoup.`,
      ],
      callTask: {
        purpose: `Objectif : vérifier que ${oneOrMany('la facture est bien arrivée et qu’elle n’est pas bloquée', 'les factures sont bien arrivées et qu’elles ne sont pas bloquées')} en attente de validation.`,
        questions: [
          `${oneOrMany('Avez-vous bien reçu la facture ? Est-elle', 'Avez-vous bien reçu les factures ? Sont-elles')} entre les mains de la bonne personne pour validation ?`,
          `Manque-t-il un élément pour ${oneOrMany('la', 'les')} valider, par exemple un numéro de bon de commande ?`,
          `À quelle date pensez-vous pouvoir ${oneOrMany('la', 'les')} régler ?`,
        ],
      },
    },
    curious: {
      subject: oneOrMany(
        `Facture ${FIRST_NUMBER} (${BUSINESS}) : un point bloque-t-il le règlement ?`,
        `{{ invoice_count }} factures (${BUSINESS}) : un point bloque-t-il le règlement ?`,
      ),
      intro: [
        `${oneOrMany(`La facture ${FIRST_NUMBER} a dépassé son échéance de ${days}`, 'Les factures ci-dessous ont dépassé leur échéance')}, et nous aimerions savoir si quelque chose en retarde le règlement.`,
        `Avez-vous une question ou un désaccord sur ${oneOrMany('cette facture', 'l’une d’elles')} ? Manque-t-il un numéro de bon de commande ou une autre information à votre service comptable ? Si c’est le cas, répondez simplement à ce courriel et nous vous enverrons ce qu’il faut.`,
      ],
      outro: [
        'Si le paiement est déjà programmé, pourriez-vous nous indiquer la date prévue ? Cela nous permettra de tenir nos dossiers à jour.',
      ],
      sms: `${BUSINESS} : ${summary(`a dépassé son échéance de ${days}`, 'ont dépassé leur échéance')}. Un point bloque-t-il le règlement (question, litige, numéro de commande manquant) ?${payLink} ${contactUs}.`,
      voice: [
        'Nous aimerions savoir si quelque chose retarde le règlement, par exemple une question sur la facture ou un numéro de bon de commande manquant.',
      ],
      callTask: {
        purpose: 'Objectif : identifier ce qui bloque le règlement.',
        questions: [
          'Y a-t-il un litige ou une question sur la prestation ou le montant ?',
          'Manque-t-il un numéro de bon de commande ou une autre référence ?',
          'Qui valide le paiement, et quand a lieu votre prochaine campagne de règlements ?',
        ],
      },
    },
    professional: {
      subject: oneOrMany(
        `Retard de paiement de ${days} : facture ${FIRST_NUMBER} (${BUSINESS})`,
        `Retard de paiement : {{ invoice_count }} factures (${BUSINESS})`,
      ),
      intro: [
        `${oneOrMany(`La facture ${FIRST_NUMBER} présente désormais un retard de ${days}`, `Les factures ci-dessous sont en retard de paiement, la plus ancienne de ${days}`)}, et nous n’avons reçu ni le règlement ni d’explication sur ce retard.`,
        'Pourriez-vous nous indiquer dès aujourd’hui où en est le paiement : la date à laquelle il sera effectué, ou ce qui l’empêche ?',
      ],
      outro: [
        'Si vous avez déjà réglé, merci de nous communiquer la date et la référence du paiement afin que nous puissions le rapprocher.',
      ],
      sms: `${BUSINESS} : ${summary(`est en retard de ${days}`, `sont en retard, la plus ancienne de ${days}`)}. Merci de nous indiquer aujourd'hui où en est le paiement.${payLink} ${contactUs}.`,
      voice: [
        `${oneOrMany(`Cette facture est désormais en retard de ${days}`, `Ces factures sont désormais en retard de paiement, la plus ancienne de ${days}`)}. Merci de nous indiquer dès aujourd’hui où en est le règlement.`,
      ],
      callTask: {
        purpose: 'Objectif : obtenir aujourd’hui un point clair sur le paiement, avec une date.',
        questions: [
          'Où en est le paiement aujourd’hui ?',
          'À quelle date le règlement sera-t-il effectué, et pour quel montant ?',
          'Quelque chose empêche-t-il le paiement ? Pouvons-nous vous aider ?',
        ],
      },
    },
    serious: {
      subject: oneOrMany(
        `Action requise d’ici le {{ deadline }} : facture ${FIRST_NUMBER} (${BUSINESS})`,
        `Action requise d’ici le {{ deadline }} : {{ invoice_count }} factures (${BUSINESS})`,
      ),
      intro: [
        `Malgré nos précédents rappels, ${oneOrMany(`la facture ${FIRST_NUMBER} reste impayée, ${days} après son échéance`, `les factures ci-dessous restent impayées ; la plus ancienne a dépassé son échéance de ${days}`)}.`,
        'Nous devons régler cette situation d’ici le {{ deadline }}. Sans paiement ni date de paiement convenue avec vous d’ici là, nous devrons transmettre le dossier à notre service de recouvrement.',
      ],
      outro: [
        'Si une difficulté nous a échappé, appelez-nous{% if business.phone %} au {{ business.phone }}{% endif %} ou répondez à ce courriel : nous préférons de loin trouver une solution directement avec vous.',
      ],
      sms: `${BUSINESS} : ${summary('reste impayée', 'restent impayées')}. Merci de régler ou de convenir d'une date d'ici le {{ deadline }} pour éviter le recouvrement.${payLink} ${contactUs}.`,
      voice: [
        'Malgré nos précédents rappels, nous n’avons pas reçu le règlement.',
        'Nous devons régler cette situation d’ici le {{ deadline }}, pour éviter de transmettre le dossier au recouvrement. Merci de procéder au paiement, ou de nous contacter pour convenir d’une date.',
      ],
      callTask: {
        purpose:
          'Objectif : obtenir une décision avant le {{ deadline }} : le paiement, ou une date de paiement ferme.',
        questions: [
          'Pouvez-vous régler d’ici le {{ deadline }} ? Si oui, quel montant et par quel moyen ?',
          'Sinon, à quelle date pouvez-vous vous engager ? (Une promesse de paiement suspend les relances jusqu’à cette date.)',
          'Y a-t-il une difficulté dont nous n’avons pas connaissance ?',
        ],
        note: 'Expliquez calmement que, sans paiement ni date convenue d’ici le {{ deadline }}, le dossier sera transmis au recouvrement. Restez factuel : aucune menace, aucune autre conséquence évoquée.',
      },
    },
    firm: {
      subject: oneOrMany(
        `Rappel : facture ${FIRST_NUMBER} (${BUSINESS}) toujours impayée`,
        `Rappel : {{ invoice_count }} factures (${BUSINESS}) toujours impayées`,
      ),
      intro: [
        `Nous vous rappelons que ${oneOrMany(`la facture ${FIRST_NUMBER} reste impayée, ${days} après son échéance`, `les factures ci-dessous restent impayées ; la plus ancienne a dépassé son échéance de ${days}`)}.`,
        'Merci de procéder au règlement dès maintenant, ou de nous indiquer par retour la date à laquelle il sera effectué.',
      ],
      outro: [
        'Si vous avez réglé ces derniers jours, merci ; pourriez-vous nous transmettre la référence du paiement afin que nous puissions le rapprocher ?',
      ],
      sms: `${BUSINESS} : nouveau rappel, ${summary('reste impayée', 'restent impayées')}. Merci de régler dès maintenant ou de nous dire quand vous le ferez.${payLink} ${contactUs}.`,
      voice: [
        'Ceci est un nouveau rappel : le règlement est toujours en attente. Merci de procéder au paiement dès maintenant, ou de nous indiquer quand il sera effectué.',
      ],
      callTask: {
        purpose: 'Objectif : convenir de la date de règlement du solde.',
        questions: [
          'Quand le paiement sera-t-il effectué ?',
          'Pouvez-vous régler une partie du solde dès maintenant ?',
          'Y a-t-il une autre personne à qui nous devrions nous adresser ?',
        ],
      },
    },
  },
};
