/** Channels (issue 7): email with SendGrid, SMS and automated calls with Twilio, call tasks, delivery truth. */
export * from './types.js';
export {
  createChannelSenders,
  channelWebhookRouters,
  dunwiseSenderAddress,
  type ChannelOptions,
} from './senders.js';
export type { ChannelDeps } from './deps.js';
export { toE164, phoneLineType } from './phone.js';
export { maskRecipient } from './mask.js';
export { recordSendOutcome, applyDeliveryStatus } from './deliveries.js';
export type { DeliveryStatus, StatusEntry } from './delivery-status.js';
export { withinRecipientHours, nextRecipientOpening } from './recipient-hours.js';
export { recordCallTaskOutcome, listOpenCallTasks, type CallTaskResult } from './call-task/outcome.js';
export type { CallTaskInvoice, CallTaskNumber, CallTaskOutcome, ChannelTables } from './db.js';
export { channelDb } from './db.js';
