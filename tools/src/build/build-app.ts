// `tsx tools/src/build/build-app.ts <app>`: builds apps/<app> into
// dist/apps/<app>, a folder that runs with `npm ci --omit=dev && node main.js`.
import { relative } from 'node:path';
import { buildServiceOutput } from './build-service-output.js';
import { appsWithEntryPoint } from './workspace-apps.js';

const app = process.argv[2];
const apps = appsWithEntryPoint();
if (app === undefined || !apps.includes(app)) {
  console.error(`usage: build-app.ts <app>, one of: ${apps.join(', ')}`);
  process.exit(1);
}
const { outDir, dependencies } = await buildServiceOutput({ app });
console.log(`${app} → ${relative(process.cwd(), outDir) || '.'} (needs ${Object.keys(dependencies).join(', ')})`);
