import express, { type Router } from 'express';
import type { SandboxWorld } from '../world.js';
import { act } from './respond.js';
import { AdvanceClockBody, CallQuery, EmailQuery, FaultBody, NoteQuery, SmsQuery } from './schemas.js';

const MS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1_000 } as const;

function clock(world: SandboxWorld) {
  const now = world.now();
  return { now, iso: new Date(now).toISOString() };
}

/** The sandbox itself: its clock, injected faults, everything it received, and reset. */
export function worldRoutes(world: SandboxWorld): Router {
  const router = express.Router();
  router.get(
    '/sandbox/clock',
    act(() => clock(world)),
  );
  router.post(
    '/sandbox/clock/advance',
    act((req) => {
      const body = AdvanceClockBody.parse(req.body ?? {});
      world.advanceClock(
        (body.days ?? 0) * MS.days +
          (body.hours ?? 0) * MS.hours +
          (body.minutes ?? 0) * MS.minutes +
          (body.seconds ?? 0) * MS.seconds,
      );
      return clock(world);
    }),
  );
  router.get(
    '/sandbox/faults',
    act(() => world.faults.filter((f) => f.remaining > 0)),
  );
  router.post(
    '/sandbox/faults',
    act((req) => {
      const { target, companyId, kind, times, delayMs } = FaultBody.parse(req.body ?? {});
      const fault = {
        target,
        kind,
        remaining: times,
        ...(companyId ? { companyId } : {}),
        ...(delayMs === undefined ? {} : { delayMs }),
      };
      world.faults.push(fault);
      return fault;
    }),
  );
  router.post(
    '/sandbox/faults/clear',
    act(() => void world.faults.splice(0)),
  );
  router.get(
    '/sandbox/emails',
    act((req) => {
      const q = EmailQuery.parse(req.query);
      const lower = (s: string | undefined) => s?.toLowerCase();
      return world.received.emails.filter(
        (e) =>
          (!q.to || e.to.some((t) => t.toLowerCase() === lower(q.to))) &&
          (!q.from || e.from.toLowerCase() === lower(q.from)) &&
          (!q.status || e.status === q.status) &&
          (!q.subject || e.subject.toLowerCase().includes(q.subject.toLowerCase())) &&
          (q.since === undefined || e.at >= q.since),
      );
    }),
  );
  router.get(
    '/sandbox/sms',
    act((req) => {
      const q = SmsQuery.parse(req.query);
      return world.received.sms.filter(
        (m) =>
          (!q.to || m.to === q.to) &&
          (!q.from || m.from === q.from) &&
          (!q.direction || m.direction === q.direction) &&
          (!q.status || m.status === q.status),
      );
    }),
  );
  router.get(
    '/sandbox/calls',
    act((req) => {
      const q = CallQuery.parse(req.query);
      return world.received.calls.filter(
        (c) => (!q.to || c.to === q.to) && (!q.status || c.status === q.status),
      );
    }),
  );
  router.get(
    '/sandbox/notes',
    act((req) => {
      const q = NoteQuery.parse(req.query);
      return world.received.notes.filter(
        (n) => (!q.companyId || n.companyId === q.companyId) && (!q.invoiceId || n.invoiceId === q.invoiceId),
      );
    }),
  );
  router.get(
    '/sandbox/deliveries',
    act(() => world.deliveries),
  );
  router.post(
    '/sandbox/reset',
    act(() => world.reset()),
  );
  return router;
}
