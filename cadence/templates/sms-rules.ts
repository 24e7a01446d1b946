/** Longest SMS we send, counted in characters after rendering (two segments of GSM-7). */
export const SMS_MAX_LENGTH = 320;

/** Opt-out wording per language (CTIA: every message says how to stop). */
export const SMS_STOP_PHRASES = ['Reply STOP to opt out', 'Répondez STOP pour vous désabonner'] as const;

/** Why a rendered SMS may not be sent: too long, no opt-out wording, or the business is not named. */
export function smsProblems(body: string, businessName: string): string[] {
  const problems: string[] = [];
  const length = Array.from(body).length;
  if (length > SMS_MAX_LENGTH) problems.push(`is ${length} characters; the limit is ${SMS_MAX_LENGTH}`);
  const lower = body.toLowerCase();
  if (!SMS_STOP_PHRASES.some((phrase) => lower.includes(phrase.toLowerCase()))) {
    problems.push(`must say how to opt out: "${SMS_STOP_PHRASES[0]}" or "${SMS_STOP_PHRASES[1]}"`);
  }
  if (!body.includes(businessName.trim())) problems.push('must name the business: use {{ business.name }}');
  return problems;
}
