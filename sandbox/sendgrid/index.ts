export { createSendGridSandbox, isVerifiedSender } from './router.js';
export { generateWebhookKeys, signEventPayload } from './signing.js';
export { outcomeFor } from './events.js';
