import { describe, expect, test } from 'vitest';
import { mountOptionsOf } from './online-discard.js';

const MOUNTS = [
  '/dev/vda / ext4 rw,relatime,discard,resv_strict 0 0',
  'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
  '/dev/vdb /var/lib/postgresql ext4 rw,noatime 0 0',
  '/dev/vdc /var/lib/postgresql\\040old xfs rw,discard 0 0',
  '',
].join('\n');

describe('mountOptionsOf', () => {
  test('takes the longest mount point holding the path', () => {
    expect(mountOptionsOf(MOUNTS, '/var/lib/postgresql/15/main')).toEqual(['rw', 'noatime']);
    expect(mountOptionsOf(MOUNTS, '/srv/pgdata')).toContain('discard');
  });

  test('a mount point is a whole path component, and \\040 is a space', () => {
    expect(mountOptionsOf(MOUNTS, '/var/lib/postgresql-15')).toContain('discard'); // the root's, not /var/lib/postgresql's
    expect(mountOptionsOf(MOUNTS, '/var/lib/postgresql old/data')).toEqual(['rw', 'discard']);
  });

  test('no mount table: no answer', () => {
    expect(mountOptionsOf('', '/var/lib/postgresql')).toBeUndefined();
  });
});
