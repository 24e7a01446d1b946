import { promisify } from 'node:util';
import type { Request } from 'express';
import type { SignedInUser } from './users.js';

/** A new session id at sign-in, so a session fixed before sign-in is worthless afterwards. */
export async function signIn(req: Request, user: SignedInUser): Promise<void> {
  await promisify(req.session.regenerate.bind(req.session))();
  req.session.userId = user.userId;
  req.session.workspaceId = user.workspaceId;
  await promisify(req.session.save.bind(req.session))();
}
