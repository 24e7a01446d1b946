import express, { type Router } from 'express';
import type { SandboxWorld } from '../world.js';
import { createCall, getCall } from './calls.js';
import { TWILIO_ERRORS, sendTwilioError } from './errors.js';
import { twilioGuard } from './guard.js';
import { createMessage, getMessage } from './messages.js';

/** Twilio's 2010-04-01 REST API under `/twilio`: Messages and Calls, create and fetch. */
export function createTwilioSandbox(world: SandboxWorld): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '1mb' });
  const account = '/twilio/2010-04-01/Accounts/:accountSid';
  const guard = twilioGuard(world);
  router.post(`${account}/Messages.json`, guard, form, (req, res) => createMessage(world, req, res));
  router.get(`${account}/Messages/:sid.json`, guard, (req, res) =>
    getMessage(world, String(req.params['sid']), res),
  );
  router.post(`${account}/Calls.json`, guard, form, (req, res) => createCall(world, req, res));
  router.get(`${account}/Calls/:sid.json`, guard, (req, res) =>
    getCall(world, String(req.params['sid']), res),
  );
  router.all('/twilio/{*rest}', (req, res) =>
    sendTwilioError(
      res,
      404,
      TWILIO_ERRORS.notFound,
      `The requested resource ${req.path.replace(/^\/twilio/, '')} was not found`,
    ),
  );
  return router;
}
