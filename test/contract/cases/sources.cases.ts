import { expect } from 'vitest';
import type { ContractCase } from '../case.js';

const SOURCE_ID = 'source-3b0e6d1a-7c42-4f8e-a5d9-2e1b7c9f0a44';
const FILE_ID = 'file-8d2f4a6c-1e3b-4d5f-9a7c-6b8e0d2f4a11';

const embeddingConfig = {
  embedding_endpoint_type: 'openai' as const,
  embedding_endpoint: 'https://api.openai.com/v1',
  embedding_model: 'text-embedding-3-small',
  embedding_dim: 1536,
  embedding_chunk_size: 300,
};

export const cases: ContractCase[] = [
  {
    operationId: 'list_sources',
    call: (c) => c.sources.list(),
  },
  {
    operationId: 'create_source',
    call: (c) =>
      c.sources.create({
        name: 'product-handbook',
        embedding: 'openai/text-embedding-3-small',
        embedding_chunk_size: 512,
        description: 'The product handbook, one file per chapter.',
        instructions: 'Search this when the user asks how a feature works.',
        metadata: { owner: 'docs-team' },
      }),
  },
  {
    operationId: 'count_sources',
    call: (c) => c.sources.count(),
  },
  {
    operationId: 'retrieve_source',
    call: (c) => c.sources.retrieve(SOURCE_ID),
  },
  {
    operationId: 'get_source_id_by_name',
    response: SOURCE_ID,
    call: (c) => c.sources.retrieveIdByName('product handbook'),
  },
  {
    operationId: 'modify_source',
    call: (c) =>
      c.sources.modify(SOURCE_ID, {
        description: 'The product handbook (2025 edition).',
        embedding_config: embeddingConfig,
      }),
  },
  {
    operationId: 'delete_source',
    response: null,
    call: (c) => c.sources.delete(SOURCE_ID),
    check: (result) => expect(result).toBeUndefined(),
  },
  {
    operationId: 'upload_file_to_source',
    call: (c) =>
      c.sources.files.upload(SOURCE_ID, {
        file: {
          data: '# Getting started\n\nOpen the app and sign in.\n',
          filename: 'getting-started.md',
          contentType: 'text/markdown',
        },
      }),
  },
  {
    operationId: 'list_source_files',
    call: (c) => c.sources.files.list(SOURCE_ID, { limit: 100, after: FILE_ID }),
  },
  {
    operationId: 'delete_file_from_source',
    status: 204,
    call: (c) => c.sources.files.delete(SOURCE_ID, FILE_ID),
    check: (result) => expect(result).toBeUndefined(),
  },
  {
    // The spec (0.7.21) declares no query here, so the 0.7.22+ paging params are left out.
    operationId: 'list_source_passages',
    call: (c) => c.sources.passages.list(SOURCE_ID),
  },
];
