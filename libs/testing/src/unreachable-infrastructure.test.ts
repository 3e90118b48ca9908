import { describe, expect, it } from 'vitest';
import { unreachableInfrastructureMessage } from './unreachable-infrastructure.js';

describe('unreachableInfrastructureMessage', () => {
  const message = unreachableInfrastructureMessage(
    { postgresAdminUrl: 'postgres://ci:hunter2@db:5432/ci', natsUrl: 'nats://bus:4222', source: 'environment' },
    [
      { service: 'PostgreSQL', url: 'postgres://ci:hunter2@db:5432/ci', reason: 'SELECT 1 failed: ECONNREFUSED' },
      { service: 'NATS JetStream', url: 'nats://bus:4222', reason: 'connect failed: timeout' },
    ],
  );

  it('says which service failed, where, and why', () => {
    expect(message).toContain('PostgreSQL at postgres://ci:***@db:5432/ci: SELECT 1 failed: ECONNREFUSED');
    expect(message).toContain('NATS JetStream at nats://bus:4222: connect failed: timeout');
  });

  it('never shows a password', () => {
    expect(message).not.toContain('hunter2');
  });

  it('says where the URLs came from', () => {
    expect(message).toContain('DATABASE_URL / NATS_URL');
  });

  it('names every way to provide infrastructure, with the commands for this machine', () => {
    expect(message).toContain('container runtime');
    expect(message).toMatch(/set DATABASE_URL .* and\n\s+NATS_URL/);
    expect(message).toContain('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
    expect(message).toContain('start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server');
  });
});
