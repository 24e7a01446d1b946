import { Router, type Response } from 'express';
import { loadSettings, saveSettings } from '../../cadence/run/index.js';
import { parseSettingsPatch, type CadenceSettings, type FieldError } from '../../cadence/settings/index.js';
import { backlogCount } from '../db/organisation-page.js';
import { requireUser } from '../http/require-user.js';
import { isLocale, t, type Locale } from '../i18n/index.js';
import { localToday } from '../pages/calendar.js';
import { loadOrganisation, type PageOrganisation } from '../pages/organisation-access.js';
import {
  FORM_CHOICES,
  formFromBody,
  formToPatch,
  settingsToForm,
  type FormValues,
} from '../pages/settings-form.js';
import { stepPreviews, type PreviewBooks } from '../pages/settings-preview.js';
import { TEST_EMAILS_PER_HOUR, testEmailSender } from '../pages/test-email.js';
import type { PageDeps } from './page-deps.js';

/**
 * The settings page of one organisation. One form; its submit buttons say what to do (`action`): save, preview
 * (re-render with the typed values, no JavaScript needed) or test. `POST …/settings/preview` returns only the
 * preview fragment for views/static/settings.js.
 */
export function settingsRoutes(deps: PageDeps): Router {
  const router = Router();
  const sendTestEmail = deps.sendTestEmail ?? testEmailSender(deps);

  router.get('/orgs/:orgId/settings', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const current = await currentSettings(deps, org);
    const values = settingsToForm(current, [org.base_currency]);
    await render(deps, res, org, current, values, []);
  });

  router.post('/orgs/:orgId/settings', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const current = await currentSettings(deps, org);
    const values = formFromBody(req.body, current.steps.length, currencies(org, current));
    const action = (req.body as Record<string, unknown>)['action'];
    if (action === 'preview') return render(deps, res, org, current, values, []);
    const testStep = (req.body as Record<string, unknown>)['testStep'];
    if (typeof testStep === 'string' && /^\d{1,2}$/.test(testStep)) {
      const locale = res.locals['locale'] as Locale;
      const stepIndex = Number(testStep);
      if (!sendTestEmail) {
        return render(deps, res, org, current, values, [], t(locale, 'settings.testUnavailable'));
      }
      const text = (k: string) => (typeof values[k] === 'string' ? values[k].trim() : '');
      const result = await sendTestEmail({
        userId: req.session.userId!,
        organisationId: org.id,
        values,
        stepIndex: stepIndex < current.steps.length ? stepIndex : -1,
        language: isLocale(values['language']) ? values['language'] : locale,
        business: business(org, values),
        replyTo: text('replyTo') || null,
      });
      if (!result.ok) res.status(result.reason === 'rate_limited' ? 429 : 400);
      const notice = result.ok
        ? t(locale, 'settings.testSent', { n: stepIndex + 1, email: result.to })
        : t(locale, `settings.test.${result.reason}`, { limit: TEST_EMAILS_PER_HOUR });
      return render(deps, res, org, current, values, [], notice);
    }
    const result = parseSettingsPatch(current, formToPatch(values));
    if (!result.ok) {
      res.status(400);
      return render(deps, res, org, current, values, result.errors);
    }
    await saveSettings(deps.db, org.id, result.settings, req.session.userId!, deps.now());
    req.session.flash = 'settings.saved';
    res.redirect(303, `/orgs/${org.id}/settings`);
  });

  router.post('/orgs/:orgId/settings/preview', requireUser, async (req, res) => {
    const org = await loadOrganisation(deps.db, req.session.workspaceId, req.params['orgId']);
    const current = await currentSettings(deps, org);
    const values = formFromBody(req.body, current.steps.length, currencies(org, current));
    res.render('settings-previews', {
      previews: stepPreviews(values, current.steps.length, business(org, values), previewBooks(deps, org)),
      locale: res.locals['locale'] as unknown,
    });
  });

  return router;
}

async function currentSettings(deps: PageDeps, org: PageOrganisation): Promise<CadenceSettings> {
  const all = await loadSettings(deps.db, [org]);
  return all.get(org.id)!;
}

function currencies(org: PageOrganisation, current: CadenceSettings): string[] {
  return [...new Set([org.base_currency, ...Object.keys(current.minimumAmount)])];
}

function previewBooks(deps: PageDeps, org: PageOrganisation): PreviewBooks {
  return { currency: org.base_currency, today: localToday(deps.now(), org.time_zone) };
}

function business(org: PageOrganisation, values: FormValues) {
  const text = (k: string) => (typeof values[k] === 'string' ? values[k] : '');
  return {
    name: text('senderName') || org.name,
    replyTo: text('replyTo') || 'accounts@example.com',
    phone: text('callerNumber') || null,
  };
}

async function render(
  deps: PageDeps,
  res: Response,
  org: PageOrganisation,
  current: CadenceSettings,
  values: FormValues,
  errors: FieldError[],
  /** Already in the reader's language. */
  notice?: string,
): Promise<void> {
  const errorFor: Record<string, string> = {};
  for (const e of errors) errorFor[e.field] ??= e.message;
  const stepCount = current.steps.length;
  const previews = stepPreviews(values, stepCount, business(org, values), previewBooks(deps, org));
  const steps = previews.map((p) => ({
    index: p.index,
    number: p.index + 1,
    dayOffset: values[`steps.${p.index}.dayOffset`],
    channels: values[`steps.${p.index}.channels`],
    tone: values[`steps.${p.index}.tone`],
    fallback: values[`steps.${p.index}.fallback`],
    messages: p.messages,
  }));
  const minimums = currencies(org, current).map((currency) => ({
    currency,
    value: values[`minimumAmount.${currency}`] ?? '',
    error: errorFor[`minimumAmount.${currency}`],
  }));
  res.render('settings', {
    org,
    v: values,
    steps,
    minimums,
    errors: errorFor,
    hasErrors: errors.length > 0,
    choices: FORM_CHOICES,
    backlog: await backlogCount(deps.db, org.id, localToday(deps.now(), org.time_zone)),
    notice,
  });
}
