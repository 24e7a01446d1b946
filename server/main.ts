import type { SandboxApps } from '../sandbox/world.js';
import { connectDemoBooks } from './demo-bootstrap.js';
import { runMain } from './main-helpers.js';
import { startWeb } from './web.js';
import { startWorker } from './worker.js';

/** `npm start`: web and worker in one process (development and the demo). */
runMain('all', async (runtime) => {
  const web = await startWeb(runtime);
  if (runtime.sandbox) {
    pointSandboxWebhooksAt(runtime.sandbox.world.apps, web.url);
    await connectDemoBooks(runtime, web.url).catch((error: unknown) =>
      runtime.log.error({ err: error }, 'the demo could not connect its sandbox books'),
    );
  }
  const worker = startWorker(runtime);
  process.stdout.write(`Dunwise is running at ${web.url}\n`);
  if (runtime.sandbox) {
    process.stdout.write(
      `Demo sandbox (what was emailed, texted and called; pay an invoice, reply STOP): ${runtime.sandbox.url}/sandbox\n`,
    );
  }
  return [web.close, worker.stop];
});

/** The demo's sandbox delivers its webhooks (changes, delivery events, inbound SMS) to this process. */
function pointSandboxWebhooksAt(apps: SandboxApps, baseUrl: string): void {
  apps.quickbooks.webhookUrl = `${baseUrl}/webhooks/quickbooks`;
  apps.xero.webhookUrl = `${baseUrl}/webhooks/xero`;
  apps.sendgrid.webhookUrl = `${baseUrl}/webhooks/sendgrid`;
  apps.twilio.inboundSmsUrl = `${baseUrl}/webhooks/twilio/sms`;
}
