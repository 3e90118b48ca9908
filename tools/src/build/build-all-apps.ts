// `tsx tools/src/build/build-all-apps.ts`: builds every app that has a
// src/main.ts into dist/apps/<app> (see build-service-output.ts).
import { relative } from 'node:path';
import { buildServiceOutput } from './build-service-output.js';
import { appsWithEntryPoint } from './workspace-apps.js';

// One at a time: esbuild is fast, and the machine has two cores.
for (const app of appsWithEntryPoint()) {
  const { outDir, dependencies } = await buildServiceOutput({ app });
  console.log(`${app} → ${relative(process.cwd(), outDir)} (needs ${Object.keys(dependencies).join(', ')})`);
}
