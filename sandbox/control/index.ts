export { createControlRouter } from './router.js';
export { renderControlPage, formatCents } from './page.js';
export { addPayLinks, payLink } from './pay-page.js';
