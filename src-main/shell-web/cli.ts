/**
 * `npm run web`: serves Letta Desk to a browser on this machine. Prints exactly one line on
 * stdout, the URL to open (with this launch's token); everything else goes to stderr.
 *
 *   --port <n>          listen on this port (default: a free one)
 *   --data-dir <dir>    where settings.json lives (default: the Electron app's data directory)
 *   --session-keychain  keep tokens in memory only (for tests, or machines without a keyring)
 *   --voice-models-dir <dir>  where local speech models are (default: $LETTA_DESK_VOICE_MODELS_DIR,
 *                       else <data-dir>/voice-models); tests point it at .cache/voice-models
 *   --no-build          fail instead of building when out/renderer is missing
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createAppCore } from '../app-core.js';
import { defaultDataDir } from '../app-paths.js';
import { createLogger } from '../log.js';
import { MemoryCredentialStore } from '../secrets/credential-store.js';
import { KeytarCredentialStore } from '../secrets/keytar-store.js';
import { startWebShell } from './server.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const log = createLogger(undefined, process.env.LETTA_DESK_LOG === 'debug' ? 'debug' : 'info', 'web');

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run web -- [--port <n>] [--data-dir <dir>] [--session-keychain] [--voice-models-dir <dir>] [--no-build]\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'session-keychain': { type: 'boolean', default: false },
      'voice-models-dir': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  usage((error as Error).message);
}

const port = args.port === undefined ? 0 : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be a port number, not "${args.port}"`);

const rendererDir = join(root, 'out/renderer');
if (!existsSync(join(rendererDir, 'index.html'))) {
  if (args['no-build']) usage('out/renderer is missing; run `npx electron-vite build` first');
  log.info('out/renderer is missing; building it (npx electron-vite build)');
  // The build's own output goes to stderr: stdout is reserved for the one URL line.
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (built.status !== 0) {
    log.error('the build failed; see above');
    process.exit(1);
  }
}

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const dataDir = resolve(args['data-dir'] ?? defaultDataDir());
const core = createAppCore({
  dataDir,
  credentials: args['session-keychain'] ? new MemoryCredentialStore() : new KeytarCredentialStore(),
  log,
  facts: { version, shell: 'web', platform: process.platform },
  ...(args['voice-models-dir'] ? { voice: { modelsDir: resolve(args['voice-models-dir']) } } : {}),
});

let shell;
try {
  shell = await startWebShell({ core, rendererDir, log, port });
} catch (error) {
  log.error(`could not listen on 127.0.0.1:${port}`, error);
  process.exit(1);
}
log.info(`data directory ${dataDir}; serving ${rendererDir}`);
process.stdout.write(`Letta Desk web shell: ${shell.url}\n`);

const stop = async () => {
  core.dispose();
  await shell.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
