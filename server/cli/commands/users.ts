import { parseArgs } from 'node:util';
import * as z from 'zod';
import { passwordProblem } from '../../auth/passwords.js';
import { createUserWithWorkspace, EmailTakenError } from '../../auth/users.js';
import { type CliCommand, UsageError } from '../command.js';
import { withRuntime } from '../with-runtime.js';

/** `dunwise users create --email E`: the password is read from stdin, never from argv (it would show in `ps`). */
export const usersCommand: CliCommand = {
  name: 'users',
  usage: 'users create --email E [--name N] [--firm]   create a user (password on stdin)',
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args,
      options: { email: { type: 'string' }, name: { type: 'string' }, firm: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1 || positionals[0] !== 'create')
      throw new UsageError('expected `users create`');
    const email = z.email().safeParse(values.email ?? '');
    if (!email.success) throw new UsageError('--email must be a valid email address');
    const password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
    const weak = passwordProblem(password);
    if (weak) {
      io.stderr.write(`dunwise users: the password on stdin ${weak}\n`);
      return 1;
    }
    return withRuntime(async (runtime) => {
      try {
        const user = await createUserWithWorkspace(runtime.db, {
          email: email.data,
          password,
          name: values.name ?? null,
          kind: values.firm ? 'firm' : 'business',
        });
        io.stdout.write(
          `created user ${email.data} (id ${user.userId}) with workspace ${user.workspaceId}\n`,
        );
        return 0;
      } catch (error) {
        if (!(error instanceof EmailTakenError)) throw error;
        io.stderr.write(`dunwise users: ${error.message}\n`);
        return 1;
      }
    });
  },
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
