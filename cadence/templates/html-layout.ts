import type { Language } from './types.js';

/**
 * The document around the (user-editable) HTML body: language for screen readers, the subject as title,
 * inline styles only because many mail clients drop `<style>` blocks.
 */
export function wrapEmailHtml(body: string, subject: string, language: Language): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background-color:#ffffff;">',
    '<div style="max-width:600px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2328;">',
    body.trim(),
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
}

const UNSAFE: [RegExp, string][] = [
  [/<\s*script\b/i, 'scripts are not allowed'],
  [/<\s*(img|picture|svg|video|audio)\b/i, 'images and media are not allowed (many clients block them)'],
  [/<\s*(iframe|object|embed|form|input|button)\b/i, 'embedded content and forms are not allowed'],
  [/<\s*(style|link)\b/i, 'use inline style="…" attributes; <style> and <link> are dropped by mail clients'],
  [/\son[a-z]+\s*=/i, 'event handler attributes (onclick, …) are not allowed'],
  [/(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):/i, 'links must be http(s) or mailto'],
];

/** Problems that make an HTML body unfit to send: no scripts, no images, no external styles. */
export function unsafeHtmlProblems(html: string): string[] {
  return UNSAFE.filter(([pattern]) => pattern.test(html)).map(([, message]) => message);
}
