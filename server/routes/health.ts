import { Router } from 'express';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** `GET /healthz`: 200 when the database answers, 503 otherwise (load balancers and `npm start` checks). */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await sql`select 1`.execute(db);
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}
