import { describe, expect, it } from 'vitest';
import { noteDetails } from '../../connectors/xero/notes.js';
import {
  callOutcomeNoteBody,
  laterProblemNoteBody,
  laterProblemOf,
  optInNoteBody,
  optOutNoteBody,
  type CallOutcomeForNote,
  type LaterProblem,
} from './event-notes.js';

describe('event note wording', () => {
  it('says what happened to the call and to the SMS sent instead', () => {
    expect(callOutcomeNoteBody(2, '+12125550142', 'no_answer', { sent: true })).toBe(
      'Dunwise reminder, step 2: automated call to +1 21 *** 142 was not answered; reminder SMS sent instead.',
    );
    expect(callOutcomeNoteBody(2, '+447911123401', 'machine', { sent: false, code: 'twilio_21610' })).toBe(
      'Dunwise reminder, step 2: automated call to +44 79 *** 401 went to voicemail; the reminder SMS could not be sent (the number opted out of texts).',
    );
    expect(callOutcomeNoteBody(4, '+64215550103', 'human', null)).toBe(
      'Dunwise reminder, step 4: automated call to +64 21 *** 103 was answered.',
    );
    expect(callOutcomeNoteBody(2, '+12125550142', 'busy', { sent: false, code: 'twilio_30003' })).toBe(
      'Dunwise reminder, step 2: automated call to +1 21 *** 142 got a busy line; the reminder SMS could not be sent (twilio_30003).',
    );
  });

  it('names the number a STOP applies to, or the business when it texts through a messaging service', () => {
    expect(optOutNoteBody('+12125550142', '+15005550006')).toBe(
      'Dunwise: +1 21 *** 142 replied STOP to texts from +1 500 555 0006; no more SMS will be sent to it.',
    );
    expect(optOutNoteBody('+64215550103', 'MG0123456789abcdef0123456789abcdef')).toBe(
      'Dunwise: +64 21 *** 103 replied STOP to texts from the business; no more SMS will be sent to it.',
    );
  });

  it('every wording fits Xero’s 250-character History & Notes whole, never cut', () => {
    const outcomes: CallOutcomeForNote[] = ['human', 'machine', 'no_answer', 'busy', 'failed'];
    const fallbacks = [
      null,
      { sent: true as const },
      { sent: false as const, code: 'outside_recipient_hours' },
    ];
    const bodies = [
      ...outcomes.flatMap((o) => fallbacks.map((f) => callOutcomeNoteBody(99, '+861391234567', o, f))),
      optOutNoteBody('+861391234567', '+442079460123'),
      optInNoteBody('+861391234567', '+442079460123'),
      ...(
        ['bounced', 'dropped', 'spam_reported', 'unsubscribed', 'undelivered', 'failed'] as LaterProblem[]
      ).map((problem) =>
        laterProblemNoteBody(
          99,
          'email',
          `${'x'.repeat(64)}@${'y'.repeat(60)}.example.com`,
          problem,
          'z'.repeat(900),
        ),
      ),
    ];
    for (const body of bodies) expect(noteDetails(body)).toBe(body);
  });

  it('says when a message that went out bounced or was not delivered, with the reason cut short', () => {
    expect(
      laterProblemNoteBody(1, 'email', 'ap@customer.example.com', 'bounced', ' 550 5.1.1 No such user '),
    ).toBe(
      'Dunwise reminder, step 1: the email to a***@customer.example.com bounced (550 5.1.1 No such user).',
    );
    expect(
      laterProblemNoteBody(
        1,
        'email',
        'Ap.Team+inv@customer.example.com',
        'bounced',
        '550 <Ap.Team+inv@customer.example.com> unknown; was ap@old.example.co.uk',
      ),
    ).toBe(
      'Dunwise reminder, step 1: the email to A***@customer.example.com bounced (550 <A***@customer.example.com> unknown; was a***@old.example.co.uk).',
    );
    expect(
      laterProblemNoteBody(
        1,
        'email',
        'x@client.fr',
        'dropped',
        '<renée.dupont@client.fr> jöhn@exämple.com ap@[192.0.2.7]',
      ),
    ).toBe(
      'Dunwise reminder, step 1: the email to x***@client.fr was not delivered (<r***@client.fr> j***@exämple.com a***@[192.0.2.7]).',
    );
    expect(laterProblemNoteBody(3, 'sms', '+64215550103', 'undelivered', null)).toBe(
      'Dunwise reminder, step 3: the SMS to +64 21 *** 103 was not delivered.',
    );
    expect(laterProblemNoteBody(1, 'email', 'ap@x.com', 'dropped', 'r'.repeat(200))).toHaveLength(
      'Dunwise reminder, step 1: the email to a***@x.com was not delivered ().'.length + 80,
    );
  });

  it('only a move into a problem is news: not a repeat, not one problem after another', () => {
    expect(laterProblemOf({ before: 'accepted', after: 'bounced' })).toBe('bounced');
    expect(laterProblemOf({ before: 'delivered', after: 'spam_reported' })).toBe('spam_reported');
    // The webhook beat the sender's own record of the send.
    expect(laterProblemOf({ before: 'sending', after: 'dropped' })).toBe('dropped');
    expect(laterProblemOf({ before: 'bounced', after: 'bounced' })).toBeNull();
    expect(laterProblemOf({ before: 'failed', after: 'undelivered' })).toBeNull();
    expect(laterProblemOf({ before: 'sent', after: 'delivered' })).toBeNull();
  });
});
