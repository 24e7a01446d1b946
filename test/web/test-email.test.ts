import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage, sampleContexts } from '../../cadence/templates/index.js';
import { sandboxEnv } from '../../sandbox/cli.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { useTestDatabase } from '../db.js';
import type { TestBrowser } from '../http.js';
import { seedWorkspace, signedIn, startPages } from './harness.js';
import { formOf, postForm } from './settings-form.js';

/** "Send me a test" through the real SendGrid sender against the sandbox's SendGrid. */
const t = useTestDatabase();
let sandbox: RunningSandbox;
let server: { url: string; close: () => Promise<void> };
let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
let browser: TestBrowser;

beforeAll(async () => {
  sandbox = await startSandbox();
  // reminders@dunwise.test: a sender the sandbox's SendGrid account has verified.
  const env = { ...sandboxEnv(sandbox.url, sandbox.world.apps), APP_URL: 'https://dunwise.test' };
  server = await startPages(t.db, t.pool, env);
  seeded = await seedWorkspace(t.db, 'owner@example.com');
  browser = await signedIn(server.url, 'owner@example.com');
}, 60_000);
afterAll(async () => {
  await server?.close();
  await sandbox?.close();
});

const settingsPath = () => `/orgs/${seeded.org.id}/settings`;

async function sendTest(changes: Record<string, string[]>) {
  const form = { ...formOf((await browser.get(settingsPath())).text), ...changes, testStep: ['0'] };
  const response = await postForm(server.url, browser.cookie('dunwise.sid')!, settingsPath(), form);
  return { status: response.status, text: await response.text() };
}

describe('send me a test', () => {
  it('emails the step as typed (unsaved) to the signed-in user only', async () => {
    const sent = await sendTest({ 'steps.0.tone': ['firm'], senderName: ['Kōwhai Books'] });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('A test of step 1 was sent to owner@example.com.');
    // The page keeps what was typed.
    expect(formOf(sent.text)['steps.0.tone']).toEqual(['firm']);

    const emails = sandbox.world.received.emails;
    expect(emails).toHaveLength(1);
    const business = { name: 'Kōwhai Books', replyTo: 'accounts@example.com', phone: null };
    const expected = renderMessage({
      channel: 'email',
      tone: 'firm',
      language: 'en',
      context: { ...sampleContexts('en', business)[0]!.context, step: 1 },
    });
    expect(emails[0]).toMatchObject({
      to: ['owner@example.com'],
      subject: `[Test] ${expected.subject}`,
      text: expected.text,
    });
    expect(emails[0]!.from).toContain('reminders@dunwise.test');
    // Never a customer, and nothing saved.
    expect(emails.flatMap((e) => e.to)).not.toContain('ap@aebelo.example');
    const saved = await t.db
      .selectFrom('organisation_settings')
      .select('organisation_id')
      .where('organisation_id', '=', seeded.org.id)
      .execute();
    expect(saved).toEqual([]);
  });

  it('allows 5 tests an hour per user, then says to wait', async () => {
    for (let i = 0; i < 4; i++) expect((await sendTest({})).status).toBe(200);
    expect(sandbox.world.received.emails).toHaveLength(5);
    const sixth = await sendTest({});
    expect(sixth.status).toBe(429);
    expect(sixth.text).toContain('That is 5 tests in the last hour');
    expect(sandbox.world.received.emails).toHaveLength(5);
  });
});
