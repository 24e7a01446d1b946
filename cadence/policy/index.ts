export * from './types.js';
export { decideCustomer } from './decide-customer.js';
export { dueStepOfInvoice, stepDefinition, type InvoiceStepState } from './invoice-step.js';
export { classifyInvoices } from './invoice-outcomes.js';
export { nextSendOpening, isSendDay } from './send-window.js';
export { localDateOf, addDays, daysBetween, atLocalTime, startOfLocalDate } from './calendar.js';
export { explainDecision } from './explain.js';
