import { defaultTemplate } from './defaults.js';
import { engineFor, parseTemplate, renderTemplate, type OutputKind } from './engine.js';
import { unsafeHtmlProblems } from './html-layout.js';
import { sampleContexts } from './samples.js';
import { buildScope } from './scope.js';
import { smsProblems } from './sms-rules.js';
import { tidySms } from './tidy.js';
import {
  LANGUAGES,
  type Channel,
  type Language,
  type TemplateError,
  type TemplateSources,
  type ValidationResult,
} from './types.js';
import { allowedVariableList, isAllowedReference } from './variables.js';

export interface ValidateRequest<C extends Channel> {
  channel: C;
  /** The fields being saved; fields left out keep their current source. */
  source: Partial<TemplateSources[C]>;
  /** Languages to render the samples in; both by default, since formatting differs. */
  language?: Language | undefined;
}

/**
 * Save-time check of user-edited templates: syntax, unknown variables (with the list of allowed ones),
 * a render against every sample context that must not fail or come out empty, and per channel: SMS within
 * the length limit, naming the business and saying how to opt out; HTML without scripts or images.
 */
export function validateTemplate<C extends Channel>(request: ValidateRequest<C>): ValidationResult {
  const fields = Object.keys(defaultTemplate(request.channel, 'helpful', 'en'));
  const errors: TemplateError[] = [];
  for (const [name, source] of Object.entries(request.source)) {
    if (!fields.includes(name)) {
      errors.push({
        field: name,
        message: `Unknown field for ${request.channel}; expected ${fields.join(', ')}`,
      });
      continue;
    }
    if (typeof source !== 'string') continue;
    errors.push(...validateField(request.channel, name, source, request.language));
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

function validateField(
  channel: Channel,
  field: string,
  source: string,
  language?: Language,
): TemplateError[] {
  const kind: OutputKind = channel === 'email' && field === 'html' ? 'html' : 'text';
  const fail = (message: string) => [{ field, message }];
  if (source.trim() === '') return fail('The template is empty.');
  try {
    parseTemplate(kind, source);
  } catch (error) {
    return fail(`Syntax error: ${errorMessage(error)}`);
  }
  const unknown = unknownVariables(kind, source);
  if (unknown.length > 0) {
    return fail(
      `Unknown variable ${unknown.map((v) => `"${v}"`).join(', ')}. You can use: ${allowedVariableList()}.`,
    );
  }
  if (kind === 'html') {
    const problems = unsafeHtmlProblems(source);
    if (problems.length > 0) return problems.map((message) => ({ field, message: `HTML: ${message}.` }));
  }
  const errors: TemplateError[] = [];
  for (const lang of language ? [language] : LANGUAGES) {
    for (const sample of sampleContexts(lang)) {
      const scope = buildScope(sample.context);
      let rendered: string;
      try {
        rendered = renderTemplate(kind, source, scope);
      } catch (error) {
        return fail(`Cannot render with the "${sample.name}" sample: ${errorMessage(error)}`);
      }
      if (rendered.trim() === '') return fail(`Renders empty with the "${sample.name}" sample.`);
      if (channel === 'sms') {
        const problems = smsProblems(tidySms(rendered), tidySms(scope.business.name));
        if (problems.length > 0) {
          errors.push(
            ...problems.map((p) => ({ field, message: `The SMS ${p} (with the "${sample.name}" sample).` })),
          );
          return dedupe(errors);
        }
      }
    }
  }
  return errors;
}

/** Global references the scope does not provide, as the user wrote them ('custmer.name'). */
function unknownVariables(kind: OutputKind, source: string): string[] {
  const unknown = engineFor(kind)
    .globalVariableSegmentsSync(parseTemplate(kind, source))
    .filter((segments) => !isAllowedReference(segments))
    .map((segments) =>
      segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${String(s)}`)).join(''),
    );
  return [...new Set(unknown)];
}

function dedupe(errors: TemplateError[]): TemplateError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.message) && seen.add(e.message));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
