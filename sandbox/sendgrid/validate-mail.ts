import { fieldError, type SendGridError } from './errors.js';

/** One email as SendGrid would deliver it: a personalization merged with the message-level fields. */
export interface AcceptedMail {
  from: string;
  fromName: string | null;
  replyTo: string | null;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string | null;
  html: string | null;
  customArgs: Record<string, string>;
}

// SendGrid's own check is looser than RFC 5322 but rejects the usual mistakes: no @, spaces, empty parts.
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function address(value: unknown, field: string, errors: SendGridError[], anchor: string): string | null {
  const email = isObject(value) ? value['email'] : undefined;
  if (typeof email !== 'string' || !EMAIL.test(email.trim())) {
    errors.push(fieldError(field, 'Does not contain a valid address.', anchor));
    return null;
  }
  return email.trim();
}

function addresses(value: unknown, field: string, errors: SendGridError[], anchor: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(
      fieldError(field, `The ${anchor.split('.').pop()} array must be an array of email objects.`, anchor),
    );
    return [];
  }
  return value.flatMap((v, i) => address(v, `${field}.${i}.email`, errors, anchor) ?? []);
}

function stringArgs(value: unknown, field: string, errors: SendGridError[]): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    errors.push(fieldError(field, 'Invalid type. Expected: object of string values.', 'message.custom_args'));
    return {};
  }
  return value as Record<string, string>;
}

/**
 * Validates a v3 mail/send body the way SendGrid does (field paths and messages from its error reference) and
 * expands it into one accepted email per personalization.
 */
export function validateMail(body: unknown): { mails: AcceptedMail[]; errors: SendGridError[] } {
  const errors: SendGridError[] = [];
  if (!isObject(body)) return { mails: [], errors: [fieldError(null, 'Bad Request')] };
  const personalizations = body['personalizations'];
  if (!Array.isArray(personalizations) || personalizations.length === 0) {
    errors.push(
      fieldError(
        'personalizations',
        'The personalizations field is required and must have at least one personalization.',
        '-Personalizations-Errors',
      ),
    );
  } else if (personalizations.length > 1000) {
    errors.push(
      fieldError(
        'personalizations',
        'The personalization block is limited to 1000 personalizations per API request.',
        '-Personalizations-Errors',
      ),
    );
  }
  let from: string | null = null;
  if (body['from'] === undefined) {
    errors.push(
      fieldError(
        'from.email',
        'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.',
        'message.from',
      ),
    );
  } else from = address(body['from'], 'from.email', errors, 'message.from');
  const replyTo =
    body['reply_to'] === undefined
      ? null
      : address(body['reply_to'], 'reply_to.email', errors, 'message.reply_to');
  const subject = typeof body['subject'] === 'string' ? body['subject'] : null;
  const hasTemplate = typeof body['template_id'] === 'string';
  const content = body['content'];
  let text: string | null = null;
  let html: string | null = null;
  if (Array.isArray(content) && content.length > 0) {
    content.forEach((block, i) => {
      const type = isObject(block) ? block['type'] : undefined;
      const value = isObject(block) ? block['value'] : undefined;
      if (typeof value !== 'string' || value.length === 0) {
        errors.push(
          fieldError(
            `content.${i}.value`,
            'The content value must be a string at least one character in length.',
            'message.content.value',
          ),
        );
      } else if (type === 'text/plain') text = value;
      else if (type === 'text/html') html = value;
      else if (typeof type !== 'string')
        errors.push(
          fieldError(`content.${i}.type`, 'The content type must be provided.', 'message.content.type'),
        );
    });
  } else if (!hasTemplate) {
    errors.push(
      fieldError(
        'content',
        'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.',
        'message.content',
      ),
    );
  }
  const customArgs = stringArgs(body['custom_args'], 'custom_args', errors);
  const mails: AcceptedMail[] = [];
  (Array.isArray(personalizations) ? personalizations : []).forEach((p: unknown, i) => {
    const base = `personalizations.${i}`;
    if (!isObject(p) || !Array.isArray(p['to']) || p['to'].length === 0) {
      errors.push(
        fieldError(
          `${base}.to`,
          'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
          'message.personalizations.to',
        ),
      );
      return;
    }
    const to = addresses(p['to'], `${base}.to`, errors, 'message.personalizations.to');
    const cc = addresses(p['cc'], `${base}.cc`, errors, 'message.personalizations.cc');
    const bcc = addresses(p['bcc'], `${base}.bcc`, errors, 'message.personalizations.bcc');
    const seen = new Set<string>();
    for (const email of [...to, ...cc, ...bcc]) {
      if (seen.has(email.toLowerCase())) {
        errors.push(
          fieldError(
            base,
            `Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [${email}] in the ${base}.to field.`,
            'message.recipient_errors',
          ),
        );
      }
      seen.add(email.toLowerCase());
    }
    const ownSubject = typeof p['subject'] === 'string' ? p['subject'] : subject;
    if (ownSubject === null && !hasTemplate) {
      errors.push(
        fieldError(
          'subject',
          'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
          'message.subject',
        ),
      );
    }
    const args = { ...customArgs, ...stringArgs(p['custom_args'], `${base}.custom_args`, errors) };
    const fromObject = body['from'];
    const fromName =
      isObject(fromObject) && typeof fromObject['name'] === 'string' ? fromObject['name'] : null;
    mails.push({
      from: from ?? '',
      fromName,
      replyTo,
      to,
      cc,
      bcc,
      subject: ownSubject ?? '',
      text,
      html,
      customArgs: args,
    });
  });
  return { mails: errors.length > 0 ? [] : mails, errors };
}
