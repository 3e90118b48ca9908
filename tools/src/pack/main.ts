// `tsx tools/src/pack/main.ts contracts testkit`: packs the packages callers
// install into dist/packages/vigil-<name>.tgz (staged in dist/packages/<name>).
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { WORKSPACE_ROOT } from '../build/workspace-apps.js';
import { npmPack } from './npm-pack.js';
import { stageContracts } from './stage-contracts.js';
import { stageTestkit } from './stage-testkit.js';

const STAGERS = { contracts: stageContracts, testkit: stageTestkit } as const;
type Packable = keyof typeof STAGERS;

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in STAGERS));
if (asked.length === 0 || unknown.length > 0) {
  console.error(`usage: pack/main.ts <${Object.keys(STAGERS).join('|')}>…`);
  process.exit(2);
}
const destination = join(WORKSPACE_ROOT, 'dist/packages');
await mkdir(destination, { recursive: true });
for (const name of asked as Packable[]) {
  const staged = join(destination, name);
  await STAGERS[name](WORKSPACE_ROOT, staged);
  const tarball = await npmPack(staged, destination, `vigil-${name}.tgz`);
  console.log(`@vigil/${name} → ${relative(process.cwd(), tarball)}`);
}
