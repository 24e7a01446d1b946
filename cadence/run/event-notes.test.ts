import { describe, expect, it } from 'vitest';
import { noteDetails } from '../../connectors/xero/notes.js';
import { callOutcomeNoteBody, optOutNoteBody, type CallOutcomeForNote } from './event-notes.js';

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
    ];
    for (const body of bodies) expect(noteDetails(body)).toBe(body);
  });
});
