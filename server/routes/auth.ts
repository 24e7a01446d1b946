import { promisify } from 'node:util';
import { Router } from 'express';
import * as z from 'zod';
import { linkIdentity } from '../auth/identities.js';
import { passwordProblem } from '../auth/passwords.js';
import { signIn } from '../auth/session-sign-in.js';
import { authenticate, createUserWithWorkspace, EmailTakenError, ensureDemoUser } from '../auth/users.js';
import type { Db } from '../db/connect.js';
import { HttpError } from '../http/errors.js';
import {
  identityButtons,
  identitySignInRoutes,
  STATE_TTL_MS,
  type IdentitySignInDeps,
} from './identity-signin.js';
import { signInLimiter } from './signin-limit.js';

const SignUpForm = z.object({
  name: z.string().trim().max(200).optional().default(''),
  email: z.string().trim().max(320).pipe(z.email('enter a valid email address')),
  password: z.string(),
  kind: z.enum(['business', 'firm']).default('business'),
});

const SignInForm = z.object({
  email: z.string().trim().max(320),
  password: z.string().max(256),
});

/** Sign up, sign in (password, or Intuit / Xero), sign out, and the demo's one-click sign-in. */
export function authRoutes(deps: { db: Db; demo: boolean } & Partial<IdentitySignInDeps>): Router {
  const router = Router();
  const buttons = deps.config ? identityButtons(deps.config) : [];
  router.use(['/signin', '/signup'], (_req, res, next) => {
    res.locals['identityButtons'] = buttons;
    next();
  });
  if (deps.config && deps.log)
    router.use(identitySignInRoutes({ db: deps.db, config: deps.config, log: deps.log }));

  router.get('/signin', (req, res) => {
    if (req.session.userId) return res.redirect(303, '/');
    res.render('signin', {});
  });

  router.post('/signin', signInLimiter(deps.db), async (req, res) => {
    const form = SignInForm.safeParse(req.body);
    const user = form.success ? await authenticate(deps.db, form.data.email, form.data.password) : null;
    if (!user) {
      res
        .status(401)
        .render('signin', { error: 'That email and password do not match.', email: form.data?.email ?? '' });
      return;
    }
    const pending = req.session.pendingIdentity;
    await signIn(req, user);
    if (pending && Date.now() - pending.at < STATE_TTL_MS) {
      if (await linkIdentity(deps.db, user.userId, pending, new Date())) {
        req.session.flash = 'signin.linked';
        req.session.flashVars = { provider: pending.provider === 'intuit' ? 'Intuit' : 'Xero' };
      }
    }
    res.redirect(303, '/');
  });

  router.get('/signup', (_req, res) => {
    res.render('signup', { values: {}, errors: {} });
  });

  router.post('/signup', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof body[key] === 'string' ? body[key] : '');
    const values = { name: text('name'), email: text('email'), kind: text('kind') };
    const form = SignUpForm.safeParse(body);
    const errors: Record<string, string> = {};
    if (!form.success) for (const issue of form.error.issues) errors[String(issue.path[0])] ??= issue.message;
    const weak = passwordProblem(typeof body['password'] === 'string' ? body['password'] : '');
    if (weak) errors['password'] = `Password ${weak}.`;
    if (!form.success || weak) {
      res.status(400).render('signup', { values, errors });
      return;
    }
    try {
      const user = await createUserWithWorkspace(deps.db, {
        email: form.data.email,
        password: form.data.password,
        name: form.data.name || null,
        kind: form.data.kind,
      });
      await signIn(req, user);
      res.redirect(303, '/');
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      res.status(400).render('signup', {
        values,
        errors: { email: 'An account already exists for this email. Sign in instead.' },
      });
    }
  });

  router.post('/signout', async (req, res) => {
    await promisify(req.session.destroy.bind(req.session))();
    res.clearCookie('dunwise.sid');
    res.redirect(303, '/signin');
  });

  router.post('/demo', async (req, res) => {
    if (!deps.demo) throw new HttpError(404, 'The demo is not available on this server.');
    await signIn(req, await ensureDemoUser(deps.db));
    res.redirect(303, '/');
  });

  return router;
}
