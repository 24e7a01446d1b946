import { describe, expect, it } from 'vitest';
import { formatAmount, t } from './index.js';

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

describe('formatAmount', () => {
  it('groups digits and writes the decimal mark the locale’s way, keeping every digit given', () => {
    expect(formatAmount('en', '21691.49')).toBe('21,691.49');
    expect(formatAmount('fr', '21691.49')).toBe('21\u202f691,49');
    expect(formatAmount('en', '150000')).toBe('150,000');
    expect(formatAmount('en', '-5.10')).toBe('-5.10');
    // Beyond a double's precision: formatted as the exact decimal, not through a float.
    expect(formatAmount('en', '12345678901234567.89')).toBe('12,345,678,901,234,567.89');
    expect(formatAmount('en', 'n/a')).toBe('n/a');
    expect(formatAmount('en', '1.234567890123456789012')).toBe('1.234567890123456789012');
  });
});
