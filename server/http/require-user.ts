import type { RequestHandler } from 'express';

/** Pages behind sign-in: anonymous visitors are sent to the sign-in page. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (req.session.userId && req.session.workspaceId) {
    next();
    return;
  }
  res.redirect(303, '/signin');
};
