import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db.js';
import type { TestBrowser } from '../http.js';
import { seedWorkspace, signedIn, startPages } from './harness.js';
import { formOf } from './settings-form.js';

const t = useTestDatabase();
let server: { url: string; close: () => Promise<void> };
let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startPages(t.db, t.pool);
  seeded = await seedWorkspace(t.db, 'owner@example.com');
  browser = await signedIn(server.url, 'owner@example.com');
});
afterAll(() => server.close());

async function postForm(path: string, form: Record<string, string[]>) {
  const body = new URLSearchParams();
  for (const [k, vs] of Object.entries(form)) for (const v of vs) body.append(k, v);
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: `dunwise.sid=${browser.cookie('dunwise.sid')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
    },
    body: body.toString(),
  });
}

describe('settings page', () => {
  it('shows the default cadence with a preview of each step in English and French', async () => {
    const page = await browser.get(`/orgs/${seeded.org.id}/settings`);
    expect(page.status).toBe(200);
    const form = formOf(page.text);
    expect(form['steps.1.dayOffset']).toEqual(['14']);
    expect(form['steps.1.channels']).toEqual(['call']);
    expect(form['steps.1.tone']).toEqual(['curious']);
    expect(page.text).toContain('Call · en');
    expect(page.text).toContain('Email · fr');
  });

  it("previews each step with an invoice in the organisation's currency, as overdue as the step's day", async () => {
    await t.db
      .updateTable('organisation')
      .set({ base_currency: 'GBP' })
      .where('id', '=', seeded.org.id)
      .execute();
    try {
      const page = await browser.get(`/orgs/${seeded.org.id}/settings`);
      const preview = (n: number) =>
        page.text.slice(page.text.indexOf(`id="preview-${n}"`), page.text.indexOf(`id="preview-${n + 1}"`));
      expect(preview(0)).toContain('£1,234.56');
      expect(preview(0)).toContain('7 days overdue');
      expect(preview(0)).not.toContain('$');
      // Step 2 is a call on day 14: the harness's today is 2026-12-03, so the invoice was due on 19 November.
      expect(preview(1)).toContain('for 1234 British pounds and 56 pence, was due on November 19, 2026');
      // A base currency Intl does not know previews in dollars rather than failing the page.
      await t.db
        .updateTable('organisation')
        .set({ base_currency: 'US$' })
        .where('id', '=', seeded.org.id)
        .execute();
      const odd = await browser.get(`/orgs/${seeded.org.id}/settings`);
      expect(odd.status).toBe(200);
      expect(odd.text).toContain('$1,234.56');
    } finally {
      await t.db
        .updateTable('organisation')
        .set({ base_currency: 'USD' })
        .where('id', '=', seeded.org.id)
        .execute();
    }
  });

  it('re-renders an invalid form with the field error, keeps what was typed, and saves nothing', async () => {
    const page = await browser.get(`/orgs/${seeded.org.id}/settings`);
    const form = formOf(page.text);
    form['steps.1.dayOffset'] = ['9']; // only 2 days after step 1, below the 5-day gap
    form['senderName'] = ['Ōtautahi Accounts <team>'];
    form['action'] = ['save'];
    const response = await postForm(`/orgs/${seeded.org.id}/settings`, form);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('must be at least minGapDays (5) after the previous step (day 7)');
    expect(formOf(html)['steps.1.dayOffset']).toEqual(['9']);
    expect(html).toContain('value="Ōtautahi Accounts &lt;team&gt;"');
    const saved = await t.db.selectFrom('organisation_settings').selectAll().execute();
    expect(saved).toEqual([]);
  });

  it('changes the day-14 step to a call task with a firm tone: the preview follows, and saving stores it', async () => {
    const page = await browser.get(`/orgs/${seeded.org.id}/settings`);
    const form = formOf(page.text);
    form['steps.1.channels'] = ['call_task'];
    form['steps.1.tone'] = ['firm'];
    form['senderName'] = ['Kōwhai Books'];

    const preview = await postForm(`/orgs/${seeded.org.id}/settings/preview`, form);
    expect(preview.status).toBe(200);
    const fragment = await preview.text();
    const step2 = /id="preview-1"[\s\S]*?<\/div>/.exec(fragment)![0];
    expect(step2).toContain('Call task · en');
    expect(step2).toContain('Call task · fr');
    expect(step2).not.toContain('Call · en');

    form['action'] = ['save'];
    const saved = await postForm(`/orgs/${seeded.org.id}/settings`, form);
    expect([saved.status, saved.headers.get('location')]).toEqual([303, `/orgs/${seeded.org.id}/settings`]);
    const row = await t.db
      .selectFrom('organisation_settings')
      .select(['settings', 'updated_by'])
      .where('organisation_id', '=', seeded.org.id)
      .executeTakeFirstOrThrow();
    const settings = row.settings as {
      steps: { channels: string[]; tone: string; dayOffset: number }[];
      senderName: string;
    };
    expect(settings.steps[1]).toMatchObject({ dayOffset: 14, channels: ['call_task'], tone: 'firm' });
    expect(settings.senderName).toBe('Kōwhai Books');
    expect(row.updated_by).toBe(seeded.user.userId);

    const again = await browser.get(`/orgs/${seeded.org.id}/settings`);
    expect(again.text).toContain('Settings saved.');
    expect(formOf(again.text)['steps.1.tone']).toEqual(['firm']);
  });

  it('explains that a test cannot be sent when no email channel is configured', async () => {
    const page = await browser.get(`/orgs/${seeded.org.id}/settings`);
    const form = formOf(page.text);
    form['testStep'] = ['0'];
    const response = await postForm(`/orgs/${seeded.org.id}/settings`, form);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('No email channel is configured on this server');
  });
});
