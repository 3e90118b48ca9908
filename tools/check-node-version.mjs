// `npm test` must run on the Node 24 that the `node` devDependency installs
// into node_modules/.bin. If that package's install script did not run, npm
// falls back to the machine's Node 20 and tests would fail in confusing ways.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Vigil needs Node 24; this is Node ${process.versions.node}. ` +
      'Run `npm ci` (the `node` devDependency provides Node 24 in node_modules/.bin).',
  );
  process.exit(1);
}
