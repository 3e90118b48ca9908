import { describe, expect, test } from 'vitest';
import { runServiceCommand } from './run-service-command.js';

function host() {
  const seen = { code: undefined as number | undefined, text: '' };
  return { seen, host: { exit: (code: number) => (seen.code = code), error: (text: string) => (seen.text = text) } };
}

function commands(ran: string[]) {
  return {
    serve: async () => void ran.push('serve'),
    migrate: async () => void ran.push('migrate'),
    extra: {
      retention: {
        usage: '[--dry-run]',
        summary: 'drop old days',
        flags: ['--dry-run'],
        run: async (flags: readonly string[]) => void ran.push(`retention ${flags.join(' ')}`.trim()),
      },
    },
  };
}

describe('runServiceCommand', () => {
  test('no command serves; migrate migrates; an extra command runs with its flags', async () => {
    const ran: string[] = [];
    const { host: h } = host();
    await runServiceCommand([], commands(ran), h);
    await runServiceCommand(['migrate'], commands(ran), h);
    await runServiceCommand(['retention'], commands(ran), h);
    await runServiceCommand(['retention', '--dry-run'], commands(ran), h);
    expect(ran).toEqual(['serve', 'migrate', 'retention', 'retention --dry-run']);
  });

  test.each([['retention', '--force'], ['nonsense'], ['migrate', '--dry-run']])(
    'a flag or command it does not know is a usage mistake (exit 2): %s',
    async (...args) => {
      const ran: string[] = [];
      const { seen, host: h } = host();
      await runServiceCommand(args, commands(ran), h);
      expect(ran).toEqual([]);
      expect(seen.code).toBe(2);
      expect(seen.text).toContain('node main.js retention [--dry-run]  drop old days');
    },
  );
});
