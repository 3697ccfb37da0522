import { describe, expect, it } from 'vitest';
import { buildFakeCt2Whisper, fakeTokenizerJson, readGgml } from '../../../../test/fake-voice/ct2-fixture.js';
import { convertCt2WhisperToGgml, melFilterbank, readCt2Model, vocabularyBytes } from './ct2-to-ggml.js';

describe('CTranslate2 → ggml', () => {
  const modelBin = buildFakeCt2Whisper({ state: 4, heads: 2, layers: 1, vocab: 6, mels: 3, audioCtx: 5, textCtx: 3 });
  const tokenizerJson = fakeTokenizerJson();

  it('reads the CTranslate2 variables, aliases included', () => {
    const m = readCt2Model(modelBin);
    expect(m.spec).toBe('WhisperSpec');
    expect(m.variables.get('encoder/layer_0/self_attention/linear_0/weight')?.dims).toEqual([12, 4]);
    expect(m.variables.get('decoder/projection/weight')?.dims).toEqual([6, 4]);
  });

  it('writes the hparams, filters, vocabulary and every tensor whisper.cpp loads, fused projections split', () => {
    const { ggml, hparams } = convertCt2WhisperToGgml({ modelBin, tokenizerJson });
    expect(hparams).toEqual({ n_vocab: 6, n_audio_ctx: 5, n_audio_state: 4, n_audio_head: 2, n_audio_layer: 1, n_text_ctx: 3, n_text_state: 4, n_text_head: 2, n_text_layer: 1, n_mels: 3 });
    const g = readGgml(ggml);
    expect(g.hparams).toEqual([6, 5, 4, 2, 1, 3, 4, 2, 1, 3, 1]);
    expect(g.filters).toEqual({ mels: 3, bins: 201 });
    expect(g.tokens).toEqual(['a', 'b', ' c', '\n', 'é']);
    const names = g.tensors.map((t) => t.name);
    for (const n of [
      'encoder.positional_embedding', 'encoder.conv1.weight', 'encoder.conv1.bias', 'encoder.conv2.weight', 'encoder.conv2.bias',
      'encoder.blocks.0.attn_ln.weight', 'encoder.blocks.0.attn.query.weight', 'encoder.blocks.0.attn.query.bias', 'encoder.blocks.0.attn.key.weight',
      'encoder.blocks.0.attn.value.weight', 'encoder.blocks.0.attn.value.bias', 'encoder.blocks.0.attn.out.weight', 'encoder.blocks.0.mlp_ln.bias',
      'encoder.blocks.0.mlp.0.weight', 'encoder.blocks.0.mlp.2.bias', 'encoder.ln_post.weight', 'encoder.ln_post.bias',
      'decoder.positional_embedding', 'decoder.token_embedding.weight', 'decoder.blocks.0.attn.key.weight', 'decoder.blocks.0.cross_attn_ln.weight',
      'decoder.blocks.0.cross_attn.query.bias', 'decoder.blocks.0.cross_attn.key.weight', 'decoder.blocks.0.cross_attn.value.bias',
      'decoder.blocks.0.cross_attn.out.weight', 'decoder.ln.weight', 'decoder.ln.bias',
    ]) expect(names).toContain(n);
    expect(names).not.toContain('encoder.blocks.0.attn.key.bias'); // Whisper's key has no bias
    const byName = new Map(g.tensors.map((t) => [t.name, t]));
    // ggml dims are innermost first; matrices f16, vectors and position tables f32.
    expect(byName.get('encoder.conv1.weight')).toMatchObject({ dims: [3, 3, 4], f16: true });
    expect(byName.get('encoder.conv1.bias')).toMatchObject({ dims: [1, 4], f16: false });
    expect(byName.get('encoder.positional_embedding')).toMatchObject({ dims: [4, 5], f16: false });
    expect(byName.get('decoder.blocks.0.attn.key.weight')).toMatchObject({ dims: [4, 4], f16: true });
    // The fixture fills each fused row block with its part number: q=0, k=1, v=2 (and kv: k=0, v=1).
    expect(new Set(byName.get('encoder.blocks.0.attn.value.weight')!.values)).toEqual(new Set([2]));
    expect(new Set(byName.get('encoder.blocks.0.attn.key.weight')!.values)).toEqual(new Set([1]));
    expect(new Set(byName.get('encoder.blocks.0.attn.value.bias')!.values)).toEqual(new Set([2]));
    expect(new Set(byName.get('decoder.blocks.0.cross_attn.value.weight')!.values)).toEqual(new Set([1]));
  });

  it('refuses a model that is not Whisper or is int8-quantised', () => {
    expect(() => convertCt2WhisperToGgml({ modelBin: buildFakeCt2Whisper({ spec: 'TransformerSpec' }), tokenizerJson })).toThrow(/not a Whisper model/);
    expect(() => convertCt2WhisperToGgml({ modelBin: buildFakeCt2Whisper({ int8: true }), tokenizerJson })).toThrow(/int8/);
    expect(() => readCt2Model(modelBin.subarray(0, 100))).toThrow(/truncated/);
  });

  it('builds the Slaney mel filterbank whisper uses (80 × 201 at 16 kHz)', () => {
    const f = melFilterbank(16_000, 400, 80);
    expect(f.length).toBe(80 * 201);
    expect(Math.min(...f)).toBeGreaterThanOrEqual(0);
    // Every filter is a single triangle: non-zero on one contiguous run of bins.
    for (let m = 0; m < 80; m++) {
      const row = Array.from(f.subarray(m * 201, (m + 1) * 201));
      const nz = row.map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0);
      expect(nz.length).toBeGreaterThan(0);
      expect(nz.at(-1)! - nz[0]! + 1).toBe(nz.length);
    }
    // Slaney area normalisation: the low (linear) filters have height 2 / (width in Hz).
    const peak0 = Math.max(...f.subarray(0, 201));
    expect(peak0).toBeCloseTo(0.0246, 3);
  });

  it('decodes GPT-2 byte-level tokens to raw bytes, skipping the special ones', () => {
    const tokens = vocabularyBytes(tokenizerJson).map((t) => new TextDecoder().decode(t));
    expect(tokens).toEqual(['a', 'b', ' c', '\n', 'é']);
  });
});
