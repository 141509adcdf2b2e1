// What the Node tests (tests/browser, tests/mcp, tests/client) share to run
// a real `fourex serve`: psql against DATABASE_URL (where each makes its
// own database), a free loopback port, and waiting for a condition.
import { execFileSync } from 'node:child_process';
import net from 'node:net';

// How long any one wait may take before the test fails instead of hanging.
export const HANG_GUARD = 30_000;

export function psql(sql) {
  execFileSync('psql', [process.env.DATABASE_URL, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql],
    { stdio: ['ignore', 'ignore', 'inherit'] });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Polls `check` until it returns something truthy, and returns that.
export async function until(what, check) {
  const deadline = Date.now() + HANG_GUARD;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
