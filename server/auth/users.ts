import type { Db } from '../db/connect.js';
import { hashPassword, verifyPassword } from './passwords.js';

export interface SignedInUser {
  userId: string;
  workspaceId: string;
}

export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
}

/** Creates a user with a workspace of their own, where they are the owner. */
export async function createUserWithWorkspace(
  db: Db,
  input: {
    email: string;
    password: string;
    name?: string | null;
    workspaceName?: string;
    kind?: 'business' | 'firm';
  },
): Promise<SignedInUser> {
  const email = input.email.trim();
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
    if (taken) throw new EmailTakenError(`an account already exists for ${email}`);
    const user = await trx
      .insertInto('app_user')
      .values({ email, password_hash: passwordHash, name: input.name ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const workspace = await trx
      .insertInto('workspace')
      .values({ name: input.workspaceName ?? input.name ?? email, kind: input.kind ?? 'business' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('membership')
      .values({ workspace_id: workspace.id, user_id: user.id, role: 'owner' })
      .execute();
    return { userId: user.id, workspaceId: workspace.id };
  });
}

/** The user and their first workspace when the password matches; null otherwise (same answer for unknown email). */
export async function authenticate(db: Db, email: string, password: string): Promise<SignedInUser | null> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
  // Hash anyway when the user is unknown, so response time does not reveal which emails have accounts.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !user.password_hash || !ok) return null;
  const membership = await db
    .selectFrom('membership')
    .select('workspace_id')
    .where('user_id', '=', user.id)
    .orderBy('created_at')
    .executeTakeFirst();
  if (!membership) return null;
  return { userId: user.id, workspaceId: membership.workspace_id };
}

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(86) + '==';

/** The demo's single user, created on first use. */
export async function ensureDemoUser(db: Db): Promise<SignedInUser> {
  const email = 'demo@dunwise.local';
  const existing = await db
    .selectFrom('app_user')
    .innerJoin('membership', 'membership.user_id', 'app_user.id')
    .select(['app_user.id as userId', 'membership.workspace_id as workspaceId'])
    .where('app_user.email', '=', email)
    .executeTakeFirst();
  if (existing) return existing;
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('app_user')
      .values({ email, name: 'Demo User', password_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const workspace = await trx
      .insertInto('workspace')
      .values({ name: 'Demo Accounting', kind: 'firm' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('membership')
      .values({ workspace_id: workspace.id, user_id: user.id, role: 'owner' })
      .execute();
    return { userId: user.id, workspaceId: workspace.id };
  });
}
