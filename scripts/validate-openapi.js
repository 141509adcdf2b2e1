#!/usr/bin/env node
// Validates an OpenAPI document (file path, or "-" for stdin) with
// @apidevtools/swagger-parser (installed by scripts/bootstrap --dev).
// Prints "valid: <title> <version>" or the error; exit 0 / 1.
"use strict";
const fs = require("fs");
const path = require("path");
const SwaggerParser = require(path.join(__dirname, "..", "node_modules",
                                        "@apidevtools", "swagger-parser"));

const source = process.argv[2] || "-";
const text = fs.readFileSync(source === "-" ? 0 : source, "utf8");
SwaggerParser.validate(JSON.parse(text))
  .then(api => console.log(`valid: ${api.info.title} ${api.info.version}`))
  .catch(err => { console.error(`invalid: ${err.message}`); process.exit(1); });
