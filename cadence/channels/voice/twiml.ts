import twilio from 'twilio';
import type { RenderedMessages } from '../../templates/index.js';

export function gatherUrl(appUrl: string, deliveryId: string, languageTag: string): string {
  const query = new URLSearchParams({ delivery: deliveryId, lang: languageTag });
  return `${appUrl}/webhooks/twilio/gather?${query.toString()}`;
}

/**
 * The automated call: each rendered line in a `<Say>` in the customer's language. When the business has a number,
 * the last line (the templates put "press 1 to speak to us" there) is said inside a one-digit `<Gather>` whose
 * action dials the business. TwiML is built by the SDK, which escapes the text.
 */
export function callTwiml(
  voice: RenderedMessages['voice'],
  options: { appUrl: string; deliveryId: string; businessPhone: string | null },
): string {
  const response = new twilio.twiml.VoiceResponse();
  const language = voice.languageTag;
  const lines = voice.say.filter((line) => line.trim() !== '');
  const last = options.businessPhone ? lines.pop() : undefined;
  for (const line of lines) response.say({ language }, line);
  if (last !== undefined) {
    const gather = response.gather({
      numDigits: 1,
      timeout: 6,
      method: 'POST',
      action: gatherUrl(options.appUrl, options.deliveryId, language),
      actionOnEmptyResult: false,
    });
    gather.say({ language }, last);
  }
  return response.toString();
}

const CONNECTING = { 'en-US': 'Connecting you now.', 'fr-FR': 'Nous vous mettons en relation.' } as const;
const GOODBYE = { 'en-US': 'Thank you, goodbye.', 'fr-FR': 'Merci, au revoir.' } as const;

/** The answer to a key press: 1 dials the business (its number as the caller knows it), anything else ends. */
export function gatherAnswerTwiml(
  digits: string,
  businessPhone: string | null,
  languageTag: string,
  callerId: string | null,
): string {
  const language = languageTag === 'fr-FR' ? 'fr-FR' : 'en-US';
  const response = new twilio.twiml.VoiceResponse();
  if (digits === '1' && businessPhone) {
    response.say({ language }, CONNECTING[language]);
    response.dial(callerId ? { callerId } : {}, businessPhone);
  } else {
    response.say({ language }, GOODBYE[language]);
    response.hangup();
  }
  return response.toString();
}
