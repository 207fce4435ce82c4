#!/usr/bin/env node
// `posdesk …` from an installed package (npx posdesk help): the built headless entry.
// `npm run build` (electron-vite) writes out/main/cli.js, which the package ships.

const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('posdesk: the built CLI is missing (out/main/cli.js): run `npm run build` in the package first\n');
  process.exit(1);
}
require(cli)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`posdesk: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
