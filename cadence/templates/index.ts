/** Message templates: default copy per tone × language × channel, user overrides, preview and validation. */
export { renderMessage, TemplateRenderError } from './render.js';
export { validateTemplate, type ValidateRequest } from './validate.js';
export { previewAll, type PreviewEntry, type PreviewOptions } from './preview.js';
export { sampleContexts, type SampleContext } from './samples.js';
export { defaultTemplate } from './defaults.js';
export { nextFriday } from './deadline.js';
export { countSmsSegments, type SmsSegmentCount } from './sms-encoding.js';
export { SMS_MAX_LENGTH, SMS_STOP_PHRASES } from './sms-rules.js';
export { ALLOWED_VARIABLES } from './variables.js';
export { formatDate, formatMoney, spokenMoney } from './format.js';
export * from './types.js';
export { templateChannel } from './channel-map.js';
