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
  | { ok: true; user: SignedInUser; outcome: 'returning' | 'linked' | 'created' }
  | {
      ok: false;
      /**
       * no_email: the provider gave no verified email to make an account with.
       * email_unverified: an account already has this email and the provider has not verified it, so linking
       * would let anyone who typed that address at the provider into the account.
       * no_workspace: the user belongs to no workspace any more.
       */
      reason: 'no_email' | 'email_unverified' | 'no_workspace';
    };

/**
 * Signs a provider identity in:
 * - a known identity (provider + sub) signs into its user, whatever email it now shows;
 * - a new identity whose email the provider verified, and which an account already uses (e.g. a password
 *   account), is linked to that account: the provider has proved the person controls the address, which is all a
 *   password reset by email would prove. Unverified, it is refused (never linked, never a second account);
 * - otherwise a new user with a workspace of their own (a business; they may invite an accountant later), no
 *   password: they sign in through the provider.
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

    let userId = owner?.id;
    if (!userId) {
      userId = (
        await trx
          .insertInto('app_user')
          .values({ email, name: identity.name, password_hash: null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const workspace = await trx
        .insertInto('workspace')
        .values({ name: identity.name ?? email, kind: 'business' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('membership')
        .values({ workspace_id: workspace.id, user_id: userId, role: 'owner' })
        .execute();
    }
    await trx
      .insertInto('user_identity')
      .values({
        user_id: userId,
        provider: identity.provider,
        subject: identity.subject,
        email,
        email_verified: true,
        created_at: now,
        last_signed_in_at: now,
      })
      .execute();
    return withWorkspace(trx, userId, owner ? 'linked' : 'created');
  });
}

async function withWorkspace(
  db: Db,
  userId: string,
  outcome: 'returning' | 'linked' | 'created',
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
