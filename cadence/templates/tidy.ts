import { toSmsFriendlyText } from './sms-encoding.js';

/** Liquid tags leave blank lines and trailing spaces behind; readers should not see them. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One line: a subject with a newline would break the mail header. */
export function tidyLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** SMS: one paragraph, characters that keep GSM-7 where possible. */
export function tidySms(text: string): string {
  return tidyLine(toSmsFriendlyText(text));
}

/** Voice: each non-empty line is one `<Say>`. */
export function voiceLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => tidyLine(line))
    .filter((line) => line.length > 0);
}
