import type { Db } from '../db/connect.js';
import type { SignedInUser } from './users.js';

/** Who the provider says signed in, after its id_token was verified. */
export interface ProviderIdentity {
  provider: 'intuit' | 'xero';
  /** The OpenID `sub`: stable for this person at this provider, whatever their email becomes. */
  subject: string;
  email: string | null;
  /** Whether the provider vouches that this person controls `email`. */
  emailVerified: boolean;
  name: string | null;
}

export type IdentitySignIn =
  | { ok: true; user: SignedInUser; outcome: 'returning' | 'created' }
  | {
      ok: false;
      /**
       * link_required: an account already has this (provider-verified) email; the person signs in to it with
       *   their password once, and the identity is linked then (linkIdentity).
       * no_email: the provider gave no verified email to make an account with.
       * email_unverified: an account already has this email and the provider has not verified it: never linked,
       *   as anyone can type any address at a provider.
       * no_workspace: the user belongs to no workspace any more.
       */
      reason: 'link_required' | 'no_email' | 'email_unverified' | 'no_workspace';
    };

/**
 * Signs a provider identity in. Matching is on the OpenID `sub`, never on the email (Intuit's App Store rule 3.x):
 * - a known identity (provider + sub) signs into its user, whatever email it now shows;
 * - a new identity whose email an account already uses (e.g. a password account) is not signed in: with the email
 *   verified by the provider it may be linked, but only after the person also signs in to that account (Intuit:
 *   "link identities only after the user authenticates to your app"); unverified, it is refused outright;
 * - otherwise, with a provider-verified email, a new user with a workspace of their own (a business; they may
 *   invite an accountant later) and no password: they sign in through the provider.
 */
export async function signInWithIdentity(
  db: Db,
  identity: ProviderIdentity,
  now: Date,
): Promise<IdentitySignIn> {
  try {
    return await attempt(db, identity, now);
  } catch (error) {
    // Two callbacks for the same new person at once (two tabs): the loser finds what the winner created.
    if ((error as { code?: unknown }).code !== '23505') throw error;
    return attempt(db, identity, now);
  }
}

async function attempt(db: Db, identity: ProviderIdentity, now: Date): Promise<IdentitySignIn> {
  return db.transaction().execute(async (trx) => {
    const known = await trx
      .updateTable('user_identity')
      .set({ email: identity.email, email_verified: identity.emailVerified, last_signed_in_at: now })
      .where('provider', '=', identity.provider)
      .where('subject', '=', identity.subject)
      .returning('user_id')
      .executeTakeFirst();
    if (known) return withWorkspace(trx, known.user_id, 'returning');

    const email = identity.email?.trim() ?? '';
    if (!email) return { ok: false, reason: 'no_email' };
    const owner = await trx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
    if (!identity.emailVerified) return { ok: false, reason: owner ? 'email_unverified' : 'no_email' };
    if (owner) return { ok: false, reason: 'link_required' };

    const user = await trx
      .insertInto('app_user')
      .values({ email, name: identity.name, password_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const workspace = await trx
      .insertInto('workspace')
      .values({ name: identity.name ?? email, kind: 'business' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('membership')
      .values({ workspace_id: workspace.id, user_id: user.id, role: 'owner' })
      .execute();
    await insertIdentity(trx, user.id, { ...identity, email }, now);
    return withWorkspace(trx, user.id, 'created');
  });
}

/**
 * Links a provider identity to the user who has just signed in with their password, when the provider verified
 * that same email (the offer made by `link_required`). True when the identity now belongs to that user.
 */
export async function linkIdentity(
  db: Db,
  userId: string,
  identity: ProviderIdentity,
  now: Date,
): Promise<boolean> {
  if (!identity.emailVerified || !identity.email) return false;
  const user = await db.selectFrom('app_user').select('email').where('id', '=', userId).executeTakeFirst();
  if (!user || user.email.trim().toLowerCase() !== identity.email.trim().toLowerCase()) return false;
  await insertIdentity(db, userId, identity, now);
  const owner = await db
    .selectFrom('user_identity')
    .select('user_id')
    .where('provider', '=', identity.provider)
    .where('subject', '=', identity.subject)
    .executeTakeFirst();
  return owner?.user_id === userId;
}

async function insertIdentity(db: Db, userId: string, identity: ProviderIdentity, now: Date): Promise<void> {
  await db
    .insertInto('user_identity')
    .values({
      user_id: userId,
      provider: identity.provider,
      subject: identity.subject,
      email: identity.email,
      email_verified: identity.emailVerified,
      created_at: now,
      last_signed_in_at: now,
    })
    .onConflict((oc) => oc.columns(['provider', 'subject']).doNothing())
    .execute();
}

async function withWorkspace(
  db: Db,
  userId: string,
  outcome: 'returning' | 'created',
): Promise<IdentitySignIn> {
  const membership = await db
    .selectFrom('membership')
    .select('workspace_id')
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .executeTakeFirst();
  if (!membership) return { ok: false, reason: 'no_workspace' };
  return { ok: true, user: { userId, workspaceId: membership.workspace_id }, outcome };
}
