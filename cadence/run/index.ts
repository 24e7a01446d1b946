/** The cadence runner: plan (policy over the database), claim, send, write back, approve-first, triggers. */
export { planCustomers, type PlannedCustomer, type PlanMoment, type PlanOptions } from './planner.js';
export { claimTouchpoint } from './claim.js';
export { sendClaimedTouchpoints, type SendResult } from './send.js';
export { recoverInterruptedSends } from './recover.js';
export { writePendingNotes, NOTE_MAX_ATTEMPTS, type NotesPassSummary } from './notes-pass.js';
export { approveTouchpoint, skipTouchpoint, listAwaitingApproval, type ApprovalResult } from './approvals.js';
export { runCadence, runCadenceForOrganisation, type CadenceRunSummary } from './run.js';
export { cadenceJobs, cadenceDeps } from './jobs.js';
export { loadSettings, saveSettings } from './settings-store.js';
export type { CadenceDeps, TouchpointPlan } from './types.js';
export type { MessageEdits } from './messages.js';
