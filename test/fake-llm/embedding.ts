/**
 * Deterministic stand-in embeddings. 32 dimensions: small enough to keep Letta's SQLite rows and
 * the requests light, and the agent's `embedding_config.embedding_dim` must say the same (Letta pads
 * vectors to 4096 itself). Words are hashed into buckets (a bag of words), so texts that share
 * words score as similar and archival search ranks sensibly; a small floor keeps every component
 * non-zero, which Letta requires.
 */
export const FAKE_EMBEDDING_DIM = 32;
export const FAKE_EMBEDDING_MODEL = 'letta-desk-fake-embedding';

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function fakeEmbedding(text: string, dim = FAKE_EMBEDDING_DIM): number[] {
  const vector = new Array<number>(dim).fill(0.01);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const hash = fnv1a(word);
    vector[hash % dim]! += 1;
    vector[(hash >>> 16) % dim]! += 0.5;
  }
  const norm = Math.hypot(...vector);
  return vector.map((v) => v / norm);
}
