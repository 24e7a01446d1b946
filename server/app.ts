import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csrfSync } from 'csrf-sync';
import express, { type Router } from 'express';
import helmet from 'helmet';
import { Liquid } from 'liquidjs';
import { pinoHttp } from 'pino-http';
import type pg from 'pg';
import type { Config } from './config.js';
import type { Db } from './db/connect.js';
import { errorHandler, notFound } from './http/errors.js';
import { requestLogFields, responseLogFields } from './http/request-log.js';
import { liquidAmount, liquidT, pickLocale, t } from './i18n/index.js';
import type { Logger } from './log.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { homeRoutes, type ConnectButton } from './routes/home.js';
import { sessionMiddleware } from './session.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface AppDeps {
  config: Config;
  log: Logger;
  db: Db;
  pool: pg.Pool;
  /**
   * Routers for provider webhooks (full paths under /webhooks/): they get the raw body (signatures are computed
   * over it) and no session.
   */
  webhookRouters?: Router[];
  /** Routers for signed-in pages and OAuth flows: they get the session, parsed forms and CSRF protection. */
  pageRouters?: Router[];
  connectButtons?: ConnectButton[];
}

export function createApp(deps: AppDeps): express.Express {
  const { config, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const views = new Liquid({
    root: path.join(root, 'views'),
    extname: '.liquid',
    outputEscape: 'escape',
    cache: config.production,
  });
  views.registerFilter('t', liquidT);
  views.registerFilter('amount', liquidAmount);
  app.engine('liquid', views.express());
  app.set('view engine', 'liquid');
  app.set('views', path.join(root, 'views'));

  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      serializers: { req: requestLogFields, res: responseLogFields },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: config.production,
    }),
  );
  app.use(
    '/static',
    express.static(path.join(root, 'views', 'static'), { maxAge: config.production ? '1d' : 0 }),
  );
  app.use(healthRoutes(deps.db));

  // Webhooks get the exact bytes the provider signed, and no session or CSRF. Their routers declare full paths.
  app.use('/webhooks', express.raw({ type: () => true, limit: '1mb' }));
  for (const router of deps.webhookRouters ?? []) app.use(router);

  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 500 }));
  app.use(sessionMiddleware(config, deps.pool));
  const csrf = csrfSync({
    getTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?.['_csrf'],
  });
  app.use(csrf.csrfSynchronisedProtection);
  app.use((req, res, next) => {
    res.locals['csrfToken'] = csrf.generateToken(req);
    res.locals['signedIn'] = Boolean(req.session.userId);
    res.locals['demo'] = config.demo;
    const locale = pickLocale(req);
    res.locals['locale'] = locale;
    if (req.session.flash) {
      // Translated here, for the reader's language at the time they read it (not the one it was set in).
      res.locals['flash'] = t(locale, req.session.flash, req.session.flashVars);
      delete req.session.flash;
      delete req.session.flashVars;
    }
    next();
  });
  app.use(authRoutes({ db: deps.db, demo: config.demo, config, log }));
  app.use(homeRoutes({ db: deps.db, connectButtons: deps.connectButtons ?? [] }));
  for (const router of deps.pageRouters ?? []) app.use(router);

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
