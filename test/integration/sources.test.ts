/**
 * Sources through the typed client against the real server: a source's whole life with a real
 * file upload embedded by the fake model, its job watched to completion, the passages that come
 * out of it, and the server's answers to bad input and unknown ids.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LettaBadRequestError, LettaNotFoundError, LettaServerError, LettaValidationError } from '../../src-main/letta/core/errors.js';
import type { Job } from '../../src-main/letta/types/jobs.js';
import { agentConfigs } from '../harness/letta-server.js';
import { testClient } from './support/coverage.js';
import { uniqueName } from './support/kit.js';
import { pollUntil } from './support/poll.js';
import { expectEachFields, expectFields } from './support/shape.js';
import { EMBEDDING_CONFIG, FILE_METADATA, JOB, PASSAGE, SOURCE } from './support/type-rules.js';

const client = testClient();
const embeddingConfig = agentConfigs(inject('fakeLlmUrl')).embedding_config;
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
});

/** Six paragraphs, ~1,600 characters: more than one 300-token chunk, so several passages. */
const NOTES = [
  'Letta Desk field notes, part one. The tea cupboard is left of the sink, second shelf, behind the tin with the red lid. Earl Grey runs out first, so buy two boxes at a time, and keep the loose-leaf Assam for guests who ask for something stronger than the office blend.',
  'Part two. The office plants are watered on Mondays and Thursdays. The fern by the window wants more water than the cactus on the filing cabinet, which should be left alone entirely; it has survived three office moves and a summer without air conditioning.',
  'Part three. Biscuits live in the blue tin. Ginger nuts go with black tea, shortbread with Earl Grey, and nobody is allowed to dunk the chocolate digestives into the shared pot. The last person to leave switches off the kettle and the printer, in that order.',
  'Part four. The meeting room on the third floor is booked through the paper calendar on its door, not the shared online one, which nobody has trusted since it double-booked the quarterly review with a yoga class and both groups turned up at nine sharp.',
  'Part five. Parcels for the team are left with the porter downstairs until four in the afternoon; after that they go back to the depot, and the depot closes at six, so anything expected on a Friday should be collected at lunchtime or it waits until Monday.',
  'Part six. The spare key to the stationery cupboard hangs on the hook behind the calendar in the kitchen. Please write down what you take on the clipboard inside the door, especially the good pens, which otherwise disappear within a week of every delivery.',
].join('\n\n');

function isFinished(job: Job): boolean {
  return job.status === 'completed' || job.status === 'failed';
}

describe('sources', () => {
  it('live a whole life: create → find → modify (not stored) → upload a file → job completes → passages → delete file, job, source', async () => {
    const name = uniqueName('desk-notes');
    const countBefore = await client.sources.count();

    const source = await client.sources.create({ name, embedding_config: embeddingConfig, description: 'Office notes', metadata: { team: 'desk' } });
    cleanup.push(() => client.sources.delete(source.id));
    expectFields('created source', source, SOURCE);
    expectFields('source embedding config', source.embedding_config, EMBEDDING_CONFIG);
    expect(source).toMatchObject({ name, description: 'Office notes', instructions: null, metadata: { team: 'desk' } });
    expect(source.embedding_config).toMatchObject(embeddingConfig);

    expect(await client.sources.retrieve(source.id)).toEqual(source);
    // The id by name comes back as a bare JSON string.
    expect(await client.sources.retrieveIdByName(name)).toBe(source.id);
    const listed = await client.sources.list();
    expectEachFields('listed sources', listed, SOURCE);
    expect(listed.filter((s) => s.id === source.id)).toEqual([source]);
    expect(await client.sources.count()).toBe(countBefore + 1);

    // Server 0.7.29 answers the modified source but never stores it: its async update path calls
    // the synchronous ORM update, whose commit is a coroutine nobody awaits. A reload shows the
    // old values, so the app must not trust this answer.
    const modified = await client.sources.modify(source.id, { description: 'Office notes, kept current', instructions: 'Search it for office routines.' });
    expectFields('modified source', modified, SOURCE);
    expect(modified).toMatchObject({ id: source.id, name, description: 'Office notes, kept current', instructions: 'Search it for office routines.' });
    expect(await client.sources.retrieve(source.id)).toMatchObject({ description: 'Office notes', instructions: null });

    // Upload: the answer is a Job at once; parsing and embedding happen in the background.
    const bytes = new TextEncoder().encode(NOTES);
    const job = await client.sources.files.upload(source.id, { file: { data: bytes, filename: 'office-notes.txt', contentType: 'text/plain' } });
    cleanup.push(() => client.jobs.delete(job.id));
    expectFields('upload job', job, JOB);
    expect(job).toMatchObject({ status: 'created', job_type: 'job', metadata: { type: 'embedding', filename: 'office-notes.txt', source_id: source.id } });

    const done = await pollUntil('upload job', () => client.jobs.retrieve(job.id), isFinished);
    expectFields('finished job', done, JOB);
    expect(done.status).toBe('completed');
    expect(done.completed_at).toEqual(expect.any(String));
    expect(done.metadata).toMatchObject({ num_documents: 1, num_passages: expect.any(Number) });

    const jobsOfSource = await client.jobs.list({ source_id: source.id });
    expectEachFields('jobs of the source', jobsOfSource, JOB);
    expect(jobsOfSource.map((j) => j.id)).toEqual([job.id]);
    expect(jobsOfSource[0]).toEqual(done);
    // Active means created or running: a finished job is not among them.
    const active = await client.jobs.listActive();
    expectEachFields('active jobs', active, JOB);
    expect(active.map((j) => j.id)).not.toContain(job.id);
    expect(active.every((j) => j.status === 'created' || j.status === 'running')).toBe(true);

    const files = await client.sources.files.list(source.id);
    expectEachFields('source files', files, FILE_METADATA);
    expect(files).toHaveLength(1);
    const file = files[0]!;
    // The server stores the upload under a name with a random suffix.
    expect(file).toMatchObject({ source_id: source.id, file_type: 'text/plain', file_size: bytes.byteLength, is_deleted: false });
    expect(file.file_name).toMatch(/^office-notes_[0-9a-f]{32}\.txt$/);

    const passages = await client.sources.passages.list(source.id);
    expectEachFields('source passages', passages, PASSAGE);
    expect(passages.length).toBe(done.metadata?.num_passages);
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages) {
      expect(p).toMatchObject({ source_id: source.id, file_id: file.id, agent_id: null });
      expect(NOTES).toContain(p.text);
      // Our 32-dimension vectors, zero-padded to Letta's fixed 4096.
      expect(p.embedding).toHaveLength(4096);
    }
    const text = passages.map((p) => p.text).join(' ');
    for (const phrase of ['red lid', 'filing cabinet', 'chocolate digestives', 'yoga class', 'depot closes at six', 'good pens']) expect(text).toContain(phrase);

    // Deleting the file answers 204 and takes its passages with it.
    expect(await client.sources.files.delete(source.id, file.id)).toBeUndefined();
    expect(await client.sources.files.list(source.id)).toEqual([]);
    expect(await client.sources.passages.list(source.id)).toEqual([]);

    // Deleting the job answers the deleted job.
    expect((await client.jobs.delete(job.id)).id).toBe(job.id);
    await expect(client.jobs.retrieve(job.id)).rejects.toBeInstanceOf(LettaNotFoundError);
    expect(await client.jobs.list({ source_id: source.id })).toEqual([]);

    await client.sources.delete(source.id);
    await expect(client.sources.retrieve(source.id)).rejects.toBeInstanceOf(LettaNotFoundError);
    await expect(client.sources.retrieveIdByName(name)).rejects.toBeInstanceOf(LettaNotFoundError);
    expect(await client.sources.count()).toBe(countBefore);
  });
});

describe('sources: bad input and unknown ids', () => {
  const unknownSource = 'source-00000000-0000-4000-8000-000000000000';

  it('no embedding at all is a 400 in words; an incomplete embedding_config a 422 per missing field', async () => {
    const none = await client.sources.create({ name: uniqueName('desk-bad') }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(LettaBadRequestError);
    expect((none as LettaBadRequestError).serverMessage).toBe('Must specify either embedding or embedding_config in request');

    const partial = await client.sources
      .create({ name: uniqueName('desk-bad'), embedding_config: { embedding_model: 'm' } as never })
      .catch((e: unknown) => e);
    expect(partial).toBeInstanceOf(LettaValidationError);
    expect((partial as LettaValidationError).issues.map((i) => i.loc.join('.'))).toEqual([
      'body.embedding_config.embedding_endpoint_type',
      'body.embedding_config.embedding_dim',
    ]);
  });

  it('unknown ids: retrieve, delete, id-by-name and jobs are 404; an upload to a missing source is a 500', async () => {
    const get = await client.sources.retrieve(unknownSource).catch((e: unknown) => e);
    expect(get).toBeInstanceOf(LettaNotFoundError);
    expect((get as LettaNotFoundError).serverMessage).toBe(`Source with id=${unknownSource} not found.`);
    await expect(client.sources.delete(unknownSource)).rejects.toBeInstanceOf(LettaNotFoundError);
    const byName = await client.sources.retrieveIdByName('desk-no-such-source').catch((e: unknown) => e);
    expect(byName).toBeInstanceOf(LettaNotFoundError);
    expect((byName as LettaNotFoundError).serverMessage).toBe('Source with name=desk-no-such-source not found.');
    const job = await client.jobs.retrieve('job-00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(job).toBeInstanceOf(LettaNotFoundError);
    expect((job as LettaNotFoundError).serverMessage).toBe('Job not found');
    await expect(client.jobs.delete('job-00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(LettaNotFoundError);

    const upload = await client.sources.files
      .upload(unknownSource, { file: { data: 'orphan', filename: 'orphan.txt', contentType: 'text/plain' } })
      .catch((e: unknown) => e);
    expect(upload).toBeInstanceOf(LettaServerError);
    expect((upload as LettaServerError).status).toBe(500);
  });
});
