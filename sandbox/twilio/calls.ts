import type { Request, Response } from 'express';
import type { CallOutcome, ReceivedCall, SandboxWorld } from '../world.js';
import { TWILIO_ERRORS, sendTwilioError } from './errors.js';
import { field, fieldList } from './guard.js';
import { newSid, notFound } from './messages.js';
import { isValidNumber } from './numbers.js';
import { callResource } from './resources.js';
import { signedForm } from './signature.js';

interface CallStep {
  event: 'initiated' | 'ringing' | 'answered' | 'completed';
  status: ReceivedCall['status'];
}

/** The progress events each scripted outcome goes through (Twilio's StatusCallbackEvent names). */
const PROGRESS: Record<CallOutcome, CallStep[]> = {
  human: [
    { event: 'initiated', status: 'queued' },
    { event: 'ringing', status: 'ringing' },
    { event: 'answered', status: 'in-progress' },
    { event: 'completed', status: 'completed' },
  ],
  machine: [
    { event: 'initiated', status: 'queued' },
    { event: 'ringing', status: 'ringing' },
    { event: 'answered', status: 'in-progress' },
    { event: 'completed', status: 'completed' },
  ],
  'no-answer': [
    { event: 'initiated', status: 'queued' },
    { event: 'ringing', status: 'ringing' },
    { event: 'completed', status: 'no-answer' },
  ],
  busy: [
    { event: 'initiated', status: 'queued' },
    { event: 'completed', status: 'busy' },
  ],
  failed: [{ event: 'completed', status: 'failed' }],
};

const DURATION: Record<CallOutcome, number> = { human: 42, machine: 25, 'no-answer': 0, busy: 0, failed: 0 };

/** POST Calls.json: validate, answer 201 queued, then play the scripted outcome for the number. */
export function createCall(world: SandboxWorld, req: Request, res: Response): void {
  const to = field(req.body, 'To');
  const from = field(req.body, 'From');
  const twiml = field(req.body, 'Twiml');
  const url = field(req.body, 'Url');
  if (!to) return sendTwilioError(res, 400, TWILIO_ERRORS.missingTo, "A 'To' phone number is required.");
  if (!from)
    return sendTwilioError(res, 400, TWILIO_ERRORS.missingFrom, "A 'From' phone number is required.");
  if (!twiml && !url)
    return sendTwilioError(
      res,
      400,
      TWILIO_ERRORS.missingUrl,
      'Either Url, Twiml or ApplicationSid is required.',
    );
  if (!isValidNumber(to)) {
    return sendTwilioError(
      res,
      400,
      TWILIO_ERRORS.invalidTo,
      `The phone number you are attempting to call, ${to}, is not valid.`,
    );
  }
  const call: ReceivedCall = {
    sid: newSid('CA'),
    at: world.now(),
    from,
    to,
    twiml,
    url,
    statusCallback: field(req.body, 'StatusCallback'),
    machineDetection: field(req.body, 'MachineDetection'),
    status: 'queued',
    answeredBy: null,
    duration: 0,
  };
  world.received.calls.push(call);
  res.status(201).json(callResource(world.apps.twilio.accountSid, call));
  const events = fieldList(req.body, 'StatusCallbackEvent');
  world.track(playCall(world, call, events.length > 0 ? events : ['completed']));
}

async function playCall(world: SandboxWorld, call: ReceivedCall, subscribed: string[]): Promise<void> {
  const outcome = world.twilio.callOutcomes.get(call.to) ?? 'human';
  const amd = call.machineDetection === 'Enable' || call.machineDetection === 'DetectMessageEnd';
  let sequence = 0;
  for (const step of PROGRESS[outcome]) {
    call.status = step.status;
    if (step.event === 'answered') {
      if (amd)
        call.answeredBy =
          outcome === 'machine'
            ? call.machineDetection === 'Enable'
              ? 'machine_start'
              : 'machine_end_beep'
            : 'human';
      if (call.url) await fetchTwiml(world, call);
    }
    if (step.event === 'completed') call.duration = DURATION[outcome];
    if (call.statusCallback && subscribed.includes(step.event)) {
      const params = callParams(world, call);
      params['CallbackSource'] = 'call-progress-events';
      params['SequenceNumber'] = String(sequence++);
      params['Timestamp'] = new Date(world.now()).toUTCString().replace('GMT', '+0000');
      if (step.event === 'completed') {
        params['CallDuration'] = String(call.duration);
        params['Duration'] = String(Math.ceil(call.duration / 60));
      }
      world.deliver(
        'twilio-status',
        call.statusCallback,
        signedForm(world.apps.twilio.authToken, call.statusCallback, params),
      );
    }
  }
}

function callParams(world: SandboxWorld, call: ReceivedCall): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: world.apps.twilio.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: call.status,
    Called: call.to,
    Caller: call.from,
    Direction: 'outbound-api',
    From: call.from,
    To: call.to,
  };
  if (call.answeredBy) params['AnsweredBy'] = call.answeredBy;
  return params;
}

/** On answer Twilio asks the call's Url what to say; the sandbox keeps the TwiML it got back. */
async function fetchTwiml(world: SandboxWorld, call: ReceivedCall): Promise<void> {
  const url = call.url!;
  const delivery = {
    at: world.now(),
    kind: 'twilio-voice-url' as const,
    url,
    status: null as number | null,
    error: null as string | null,
  };
  world.deliveries.push(delivery);
  try {
    const response = await fetch(url, {
      method: 'POST',
      ...signedForm(world.apps.twilio.authToken, url, callParams(world, call)),
      signal: AbortSignal.timeout(10_000),
    });
    delivery.status = response.status;
    const text = await response.text();
    if (response.ok) call.twiml = text;
  } catch (error) {
    delivery.error = error instanceof Error ? error.message : String(error);
  }
}

/** GET Calls/{Sid}.json */
export function getCall(world: SandboxWorld, sid: string, res: Response): void {
  const call = world.received.calls.find((c) => c.sid === sid);
  if (!call) return notFound(world, res, `Calls/${sid}`);
  res.json(callResource(world.apps.twilio.accountSid, call));
}
