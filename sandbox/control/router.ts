import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { SandboxWorld } from '../world.js';
import { booksRoutes } from './books-routes.js';
import { channelRoutes } from './channel-routes.js';
import { renderControlPage } from './page.js';
import { payPageRoutes } from './pay-page.js';
import { worldRoutes } from './world-routes.js';

/** The control API (JSON or form posts) and page under `/sandbox`. */
export function createControlRouter(world: SandboxWorld): Router {
  const router = express.Router();
  router.use(
    '/sandbox',
    express.json({ limit: '1mb' }),
    express.urlencoded({ extended: false, limit: '1mb' }),
  );
  router.get('/sandbox', (_req, res) => {
    res.type('html').send(renderControlPage(world));
  });
  router.use(booksRoutes(world), channelRoutes(world), worldRoutes(world), payPageRoutes(world));
  router.use('/sandbox', (_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No such sandbox control endpoint' } });
  });
  // Body-parser failures (malformed JSON, oversized body) answer as JSON, never as a stack trace.
  router.use('/sandbox', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status =
      typeof error === 'object' && error && 'status' in error && typeof error.status === 'number'
        ? error.status
        : 500;
    const message = status < 500 && error instanceof Error ? error.message : 'Internal sandbox error';
    res.status(status).json({ error: { code: status < 500 ? 'invalid_input' : 'internal', message } });
  });
  return router;
}
