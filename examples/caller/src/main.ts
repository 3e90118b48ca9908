// `npm start` with VIGIL_INGEST_ADDRESS, VIGIL_INCIDENTS_ADDRESS and
// VIGIL_SCHEDULER_ADDRESS: calls each service of a running Vigil once.
import { createSchedulerClient, isVigilCallError } from '@vigil/contracts/client';
import { createErrorReporter } from './error-reporter.js';
import { createIncidentDesk } from './incident-desk.js';

const address = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (host:port)`);
  return value;
};
const addresses = {
  ingest: address('VIGIL_INGEST_ADDRESS'),
  incidents: address('VIGIL_INCIDENTS_ADDRESS'),
  scheduler: address('VIGIL_SCHEDULER_ADDRESS'),
};

const reporter = createErrorReporter({
  ingestAddress: addresses.ingest,
  projectId: '1',
  release: '1.0.0',
  environment: 'example',
});
const desk = createIncidentDesk(addresses, '1');
const scheduler = createSchedulerClient(addresses.scheduler);
try {
  const report = await reporter.report(new TypeError('x is undefined'));
  console.log(`ingest: event ${report.eventId} ${report.outcome} in group ${report.groupId}`);
  const startedAt = new Date(Date.now() - 3_600_000);
  const incident = await desk.open('checkout errors', '1', startedAt);
  await desk.resolve(incident.id, new Date(startedAt.getTime() + 600_000), 'fixed in 1.0.1');
  console.log(`incidents: incident ${incident.id} opened and resolved`);
  const status = await scheduler.getSchedulerStatus({});
  console.log(`scheduler: ${status.pendingCount} pending, ${status.dueCount} due`);
} catch (error) {
  console.error(isVigilCallError(error) ? `${error.codeName}: ${error.details}` : error);
  process.exitCode = 1;
} finally {
  reporter.close();
  desk.close();
  scheduler.close();
}
