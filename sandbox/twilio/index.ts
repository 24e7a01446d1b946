export { createTwilioSandbox } from './router.js';
export { receiveReply, type InboundReply } from './inbound.js';
export { signTwilioRequest } from './signature.js';
export { countSegments, isValidNumber } from './numbers.js';
