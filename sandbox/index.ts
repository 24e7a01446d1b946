/**
 * The sandbox: a local stand-in for QuickBooks Online, Xero, SendGrid and Twilio (DESIGN.md, "The sandbox").
 * Start it with `startSandbox()`, point Dunwise at it with `sandboxEnv(url, apps)`, drive it through `world`
 * or the control API under /sandbox.
 */
export {
  startSandbox,
  generateApps,
  SANDBOX_TWILIO_FROM,
  type RunningSandbox,
  type StartSandboxOptions,
} from './server.js';
export { createSandboxApp, type SandboxAppOptions } from './app.js';
export { runSandboxCommand, sandboxEnv, SANDBOX_USAGE } from './cli.js';
export { seedDemoWorld, seedGeneratedWorld, DEMO_COMPANIES, DEFAULT_VERIFIED_SENDERS } from './demo.js';
export { SandboxWorld } from './world.js';
export type * from './world.js';
export type * from './books/types.js';
export { generateCompany, type GenerateCompanyOptions } from './books/generate.js';
export { generateDemoBooks } from './books/demo.js';
export { checkBooks } from './books/check-books.js';
export { BooksError } from './books/books-error.js';
export * from './books/mutate.js';
export { receiveReply } from './twilio/inbound.js';
