import { checkDatabaseIsolation } from './database-isolation-check.js';

// Runs in parallel with database-isolation-second.int.test.ts.
checkDatabaseIsolation('first');
