import { describe, expect, it } from 'vitest';
import { WriteBehind } from './prefetch.js';

/** A write the test finishes by hand, to see what runs while it is pending. */
function manualWrite(log: string[], name: string) {
  let finish!: (error?: Error) => void;
  const write = () =>
    new Promise<void>((resolve, reject) => {
      log.push(`start ${name}`);
      finish = (error) => {
        log.push(`end ${name}`);
        if (error) reject(error);
        else resolve();
      };
    });
  return { write, finish: (error?: Error) => finish(error) };
}

describe('WriteBehind', () => {
  it('lets the caller go on while a write runs, and starts the next write only when it is done', async () => {
    const log: string[] = [];
    const writes = new WriteBehind();
    const first = manualWrite(log, 'page 1');
    const second = manualWrite(log, 'page 2');
    await writes.push(first.write);
    log.push('mapping page 2');
    const pushed = writes.push(second.write);
    await Promise.resolve();
    expect(log).toEqual(['start page 1', 'mapping page 2']);
    first.finish();
    await pushed;
    second.finish();
    await writes.drain();
    expect(log).toEqual(['start page 1', 'mapping page 2', 'end page 1', 'start page 2', 'end page 2']);
  });

  it('surfaces a failed write at the next push, and never starts the write after it', async () => {
    const log: string[] = [];
    const writes = new WriteBehind();
    const failing = manualWrite(log, 'page 1');
    await writes.push(failing.write);
    failing.finish(new Error('deadlock detected'));
    await expect(writes.push(manualWrite(log, 'page 2').write)).rejects.toThrow('deadlock detected');
    expect(log).toEqual(['start page 1', 'end page 1']);
  });

  it('failure waits for the write in flight and gives its error, for leaving on another error', async () => {
    const log: string[] = [];
    const writes = new WriteBehind();
    const inFlight = manualWrite(log, 'page 1');
    await writes.push(inFlight.write);
    const failure = writes.failure().then((error) => {
      log.push('left');
      return error;
    });
    await Promise.resolve();
    expect(log).toEqual(['start page 1']);
    inFlight.finish(new Error('connection lost'));
    expect(await failure).toEqual(new Error('connection lost'));
    expect(log).toEqual(['start page 1', 'end page 1', 'left']);

    const fine = new WriteBehind();
    await fine.push(() => Promise.resolve());
    expect(await fine.failure()).toBeUndefined();
  });
});
