import { openRuntime, type Runtime } from '../runtime.js';

/** Runs a command body against the database the app uses (joining a running `npm start` when embedded). */
export async function withRuntime<T>(body: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime('cli', process.env);
  try {
    return await body(runtime);
  } finally {
    await runtime.close();
  }
}
