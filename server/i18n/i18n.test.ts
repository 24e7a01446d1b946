import { describe, expect, it } from 'vitest';
import { t } from './index.js';

describe('t', () => {
  it('fills placeholders, writing numbers the way the locale does', () => {
    expect(t('en', 'org.approvalsShown', { shown: 25, waiting: 1204 })).toBe(
      'The oldest 25 of 1,204 waiting; approving or skipping brings up the next.',
    );
    expect(t('fr', 'org.approvalsShown', { shown: 25, waiting: 1204 })).toBe(
      'Les 25 plus anciens des 1\u202f204 en attente ; approuver ou passer fait venir les suivants.',
    );
  });

  it('leaves strings as given and unknown placeholders and keys as they are', () => {
    expect(t('en', 'org.approvalsShown', { shown: '2026' })).toBe(
      'The oldest 2026 of {waiting} waiting; approving or skipping brings up the next.',
    );
    expect(t('fr', 'no.such.key')).toBe('no.such.key');
  });
});
