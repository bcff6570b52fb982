#!/usr/bin/env node
// Installed command: runs the built CLI (npm run build:node produces out/node/cli.js).
require('../out/node/cli.js');
