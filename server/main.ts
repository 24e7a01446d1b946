import { runMain } from './main-helpers.js';
import { startWeb } from './web.js';
import { startWorker } from './worker.js';

/** `npm start`: web and worker in one process (development and the demo). */
runMain('all', async (runtime) => {
  const web = await startWeb(runtime);
  const worker = startWorker(runtime);
  process.stdout.write(`Dunwise is running at ${web.url}\n`);
  return [web.close, worker.stop];
});
