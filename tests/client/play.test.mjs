// The API description is usable, not only valid: a client generated from
// the /openapi.json a real `fourex serve` serves (openapi-typescript, then
// tsc --strict over game.ts, then openapi-fetch) creates a game, views it
// and submits until it ends. The server runs on a loopback port with its
// own database made next to DATABASE_URL's, like tests/browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, psql, until } from '../node_support.mjs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const BINARY = process.env.FOUREX_BINARY;
const ADMIN_URL = process.env.DATABASE_URL;
const HERE = path.dirname(fileURLToPath(import.meta.url));

if (!BINARY || !ADMIN_URL) {
  console.error('set FOUREX_BINARY and DATABASE_URL (ctest does)');
  process.exit(1);
}

let server;
let base;
// Inside tests/client, so that the compiled game finds node_modules.
const work = mkdtempSync(path.join(HERE, 'generated-'));
const dbName = `fourex_client_${process.pid}_${Date.now().toString(36)}`;

// tsc --strict over game.ts and the generated api.d.ts; throws with the
// diagnostics when the description does not type the game's use of it.
function compile() {
  copyFileSync(path.join(HERE, 'game.ts'), path.join(work, 'game.ts'));
  const program = ts.createProgram([path.join(work, 'game.ts')], {
    strict: true, noEmitOnError: true, skipLibCheck: true,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, outDir: work,
  });
  const result = program.emit();
  const problems = ts.getPreEmitDiagnostics(program).concat(result.diagnostics);
  if (problems.length) {
    throw new Error(ts.formatDiagnostics(problems, {
      getCanonicalFileName: (f) => f, getCurrentDirectory: () => work,
      getNewLine: () => '\n',
    }));
  }
  return pathToFileURL(path.join(work, 'game.js')).href;
}

before(async () => {
  psql(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(BINARY, ['serve'], {
    env: { PATH: process.env.PATH, DATABASE_URL: url.toString(), HOST: '127.0.0.1',
           PORT: String(port), LOG_LEVEL: 'warn', ENV_FILE: '/nonexistent',
           DB_POOL_SIZE: '2', HTTP_THREADS: '8' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await until('the server to answer /healthz',
    async () => (await fetch(`${base}/healthz`)).ok);
});

after(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(work, { recursive: true, force: true });
  try {
    psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  } catch { /* reported by psql on stderr */ }
});

test('a client generated from /openapi.json plays a game to its end', async () => {
  const description = await (await fetch(`${base}/openapi.json`)).json();
  writeFileSync(path.join(work, 'api.d.ts'), astToString(await openapiTS(description)));
  const { play } = await import(compile());

  const played = await play(base, 'generated-client', 3);
  assert.equal(played.status, 'finished');
  assert.equal(played.completedTurns, 3);
  assert.equal(played.loggedTurns, 3);
  assert.equal(played.accepted, 6);  // 2 players x 3 turns
  for (const v of played.views) assert.equal(v.you, v.player);
});
