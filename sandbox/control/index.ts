export { createControlRouter } from './router.js';
export { renderControlPage, formatCents } from './page.js';
