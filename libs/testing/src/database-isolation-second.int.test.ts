import { checkDatabaseIsolation } from './database-isolation-check.js';

// Runs in parallel with database-isolation-first.int.test.ts.
checkDatabaseIsolation('second');
