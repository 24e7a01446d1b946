import { Writable } from 'node:stream';
import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSandboxCommand, sandboxEnv } from './cli.js';
import { SANDBOX_TWILIO_FROM, startSandbox, type RunningSandbox } from './server.js';

function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      stream.text += chunk.toString();
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

describe('startSandbox', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo', asOf: '2026-03-10' });
  });
  afterAll(() => sandbox.close());

  it('serves every provider under one origin, driven by the env it advertises', async () => {
    const env = sandboxEnv(sandbox.url, sandbox.world.apps);
    const client = new Client();
    client.setApiKey(env['SENDGRID_API_KEY']!);
    client.setDefaultRequest('baseUrl', env['SENDGRID_API_URL']);
    const mail = new MailService();
    mail.setClient(client);
    const [accepted] = await mail.send({
      to: 'ap@customer.example.net',
      from: 'billing@dunwise.test',
      subject: 'Overdue',
      text: 'Please pay',
    });
    expect(accepted.statusCode).toBe(202);

    const sms = twilio(env['TWILIO_ACCOUNT_SID'], env['TWILIO_AUTH_TOKEN']);
    sms.api.baseUrl = env['TWILIO_API_URL']!;
    const message = await sms.messages.create({
      to: '+64215550101',
      from: env['TWILIO_FROM_NUMBER']!,
      body: 'Reminder',
    });
    expect(message.from).toBe(SANDBOX_TWILIO_FROM);

    const discovery = await fetch(`${env['XERO_IDENTITY_URL']}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    const page = await fetch(`${sandbox.url}/sandbox`);
    expect(await page.text()).toContain('Reminder');
  });

  it('answers unknown paths with JSON, not an HTML stack trace', async () => {
    const response = await fetch(`${sandbox.url}/nowhere`);
    expect([response.status, response.headers.get('content-type')]).toEqual([
      404,
      expect.stringMatching(/json/) as string,
    ]);
  });

  it('starts its clock at noon UTC of asOf', () => {
    expect(new Date(sandbox.world.now()).toISOString().slice(0, 13)).toBe('2026-03-10T12');
  });

  it('generates books of a given size, split across QuickBooks and Xero', async () => {
    const generated = await startSandbox({ seed: 200, asOf: '2026-03-10' });
    try {
      const companies = [...generated.world.companies.values()];
      expect(companies.map((c) => [c.provider, c.invoices.length])).toEqual([
        ['quickbooks', 100],
        ['xero', 100],
      ]);
    } finally {
      await generated.close();
    }
  });
});

describe('runSandboxCommand', () => {
  it.each([[['--port', 'x']], [['--seed', 'lots']], [['--verbose']], [['--as-of', '10/03/2026']]])(
    'refuses %j with exit code 2',
    async (args) => {
      const stderr = sink();
      expect(await runSandboxCommand(args, { stdout: sink(), stderr })).toBe(2);
      expect(stderr.text).toContain('usage: dunwise sandbox');
    },
  );

  it('prints its base URL and the env, and stops cleanly when asked', async () => {
    const stdout = sink();
    const controller = new AbortController();
    const running = runSandboxCommand(['--port', '0', '--seed', 'demo'], {
      stdout,
      stderr: sink(),
      signal: controller.signal,
    });
    await expect.poll(() => stdout.text).toContain('TWILIO_API_URL=');
    const url = /listening on (http:\/\/[^\s]+)/.exec(stdout.text)?.[1];
    expect(stdout.text).toContain(`QUICKBOOKS_API_URL=${url}/quickbooks`);
    expect(stdout.text).toContain(`INTUIT_TOKEN_URL=${url}/intuit/oauth2/v1/tokens/bearer`);
    expect((await fetch(`${url}/sandbox/companies`)).status).toBe(200);
    controller.abort();
    expect(await running).toBe(0);
  });
});
