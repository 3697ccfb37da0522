/**
 * Tiny synthetic faster-whisper models (CTranslate2 `model.bin` + `tokenizer.json`) and a ggml
 * reader, so the converter is tested on structure and values without real weights. Fused
 * projections are filled with their part number (q=0, k=1, v=2) to prove the split.
 */

export interface FakeCt2Options {
  state?: number;
  heads?: number;
  layers?: number;
  vocab?: number;
  mels?: number;
  audioCtx?: number;
  textCtx?: number;
  spec?: string;
  int8?: boolean;
}

export function buildFakeCt2Whisper(o: FakeCt2Options = {}): Uint8Array {
  const n = o.state ?? 4;
  const vars: Array<{ name: string; dims: number[]; dtype: number; data: Uint8Array }> = [];
  const f16 = (dims: number[], fill: (i: number) => number) => {
    const count = dims.reduce((a, b) => a * b, 1);
    const data = new Uint8Array(count * 2);
    const v = new DataView(data.buffer);
    for (let i = 0; i < count; i++) v.setUint16(i * 2, toHalf(fill(i)), true);
    return data;
  };
  const add = (name: string, dims: number[], fill: (i: number) => number = (i) => (i % 7) / 8) =>
    vars.push({ name, dims, dtype: o.int8 ? 1 : 4, data: o.int8 ? new Uint8Array(dims.reduce((a, b) => a * b, 1)) : f16(dims, fill) });
  const scalar16 = (name: string, value: number) => {
    const data = new Uint8Array(2);
    new DataView(data.buffer).setInt16(0, value, true);
    vars.push({ name, dims: [], dtype: 2, data });
  };
  const norm = (p: string) => {
    add(`${p}/gamma`, [n], () => 1);
    add(`${p}/beta`, [n], () => 0);
  };
  const fused = (p: string, parts: number) => {
    add(`${p}/weight`, [parts * n, n], (i) => Math.floor(i / (n * n)));
    add(`${p}/bias`, [parts * n], (i) => Math.floor(i / n));
  };
  const lin = (p: string, rows: number, cols: number) => {
    add(`${p}/weight`, [rows, cols]);
    add(`${p}/bias`, [rows]);
  };
  add('encoder/conv1/weight', [n, o.mels ?? 3, 3]);
  add('encoder/conv1/bias', [n]);
  add('encoder/conv2/weight', [n, n, 3]);
  add('encoder/conv2/bias', [n]);
  add('encoder/position_encodings/encodings', [o.audioCtx ?? 5, n]);
  scalar16('encoder/num_heads', o.heads ?? 2);
  norm('encoder/layer_norm');
  add('decoder/embeddings/weight', [o.vocab ?? 6, n]);
  add('decoder/position_encodings/encodings', [o.textCtx ?? 3, n]);
  scalar16('decoder/num_heads', o.heads ?? 2);
  norm('decoder/layer_norm');
  for (let l = 0; l < (o.layers ?? 1); l++) {
    for (const side of ['encoder', 'decoder']) {
      const p = `${side}/layer_${l}`;
      norm(`${p}/self_attention/layer_norm`);
      fused(`${p}/self_attention/linear_0`, 3);
      lin(`${p}/self_attention/linear_1`, n, n);
      norm(`${p}/ffn/layer_norm`);
      lin(`${p}/ffn/linear_0`, 4 * n, n);
      lin(`${p}/ffn/linear_1`, n, 4 * n);
      if (side === 'decoder') {
        norm(`${p}/attention/layer_norm`);
        lin(`${p}/attention/linear_0`, n, n);
        fused(`${p}/attention/linear_1`, 2);
        lin(`${p}/attention/linear_2`, n, n);
      }
    }
  }
  const parts: number[] = [];
  const u8 = (x: number) => parts.push(x & 0xff);
  const u16 = (x: number) => [0, 8].forEach((s) => u8(x >> s));
  const u32 = (x: number) => [0, 8, 16, 24].forEach((s) => u8(x >>> s));
  const str = (s: string) => {
    const b = new TextEncoder().encode(s + '\0');
    u16(b.length);
    b.forEach(u8);
  };
  u32(6);
  str(o.spec ?? 'WhisperSpec');
  u32(3);
  u32(vars.length);
  const chunks: Uint8Array[] = [];
  for (const v of vars) {
    str(v.name);
    u8(v.dims.length);
    v.dims.forEach(u32);
    u8(v.dtype);
    u32(v.data.byteLength);
    chunks.push(Uint8Array.from(parts.splice(0)));
    chunks.push(v.data);
  }
  u32(1);
  str('decoder/projection/weight');
  str('decoder/embeddings/weight');
  chunks.push(Uint8Array.from(parts.splice(0)));
  const total = chunks.reduce((a, c) => a + c.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function toHalf(x: number): number {
  if (x === 0) return 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  const exp = Math.floor(Math.log2(a));
  const mant = Math.round((a / 2 ** exp - 1) * 1024);
  return sign | ((exp + 15) << 10) | mant;
}

/** GPT-2 byte-level spellings: "Ġ" is a space, "Ċ" a newline, "Ã©" the two bytes of "é". */
export function fakeTokenizerJson(): string {
  return JSON.stringify({
    model: { type: 'BPE', vocab: { a: 0, b: 1, 'Ġc': 2, 'Ċ': 3, 'Ã©': 4, '<|endoftext|>': 5 } },
    added_tokens: [{ id: 5, content: '<|endoftext|>' }],
  });
}

export interface GgmlTensorInfo {
  name: string;
  dims: number[];
  f16: boolean;
  values: number[];
}

export function readGgml(bytes: Uint8Array) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const i32 = () => ((at += 4), v.getInt32(at - 4, true));
  if (i32() !== 0x67676d6c) throw new Error('no ggml magic');
  const hparams = Array.from({ length: 11 }, i32);
  const mels = i32();
  const bins = i32();
  at += mels * bins * 4;
  const count = i32();
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const len = i32();
    tokens.push(new TextDecoder().decode(bytes.subarray(at, at + len)));
    at += len;
  }
  const tensors: GgmlTensorInfo[] = [];
  while (at < bytes.byteLength) {
    const nDims = i32();
    const nameLen = i32();
    const f16 = i32() === 1;
    const dims = Array.from({ length: nDims }, i32);
    const name = new TextDecoder().decode(bytes.subarray(at, at + nameLen));
    at += nameLen;
    const elements = dims.reduce((a, b) => a * b, 1);
    const values: number[] = [];
    for (let i = 0; i < elements; i++) values.push(f16 ? fromHalf(v.getUint16(at + i * 2, true)) : v.getFloat32(at + i * 4, true));
    at += elements * (f16 ? 2 : 4);
    tensors.push({ name, dims, f16, values });
  }
  return { hparams, filters: { mels, bins }, tokens, tensors };
}

function fromHalf(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** A ZIP (stored, no compression) of the given files: enough to stand in for a wheel. */
export function buildZip(files: Record<string, Uint8Array | string>): Uint8Array {
  const enc = new TextEncoder();
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? enc.encode(content) : content;
    const nameBytes = enc.encode(name);
    const crc = crc32(data);
    const lh = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(lh.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.byteLength, true);
    lv.setUint32(22, data.byteLength, true);
    lv.setUint16(26, nameBytes.length, true);
    lh.set(nameBytes, 30);
    const ch = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(ch.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.byteLength, true);
    cv.setUint32(24, data.byteLength, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    ch.set(nameBytes, 46);
    local.push(lh, data);
    central.push(ch);
    offset += lh.byteLength + data.byteLength;
  }
  const centralSize = central.reduce((a, c) => a + c.byteLength, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, central.length, true);
  ev.setUint16(10, central.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...local, ...central, end];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function crc32(data: Uint8Array): number {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
