/** Data sources, their files (uploaded, then parsed and embedded by a server job) and passages. */
import {
  LettaNotFoundError,
  type AgentState,
  type FileMetadata,
  type Job,
  type Passage,
  type Source,
  type SourceCreate,
  type SourceFileListParams,
  type SourcePassageListParams,
  type SourceUpdate,
} from '../letta/index.js';
import { ConnectedService } from './connected.js';
import { AppFailure } from './errors.js';

export interface UploadInput {
  fileName: string;
  contentType?: string | undefined;
  dataBase64: string;
}

export class SourcesService extends ConnectedService {
  list(): Promise<Source[]> {
    return this.client.sources.list();
  }
  count(): Promise<number> {
    return this.client.sources.count();
  }


  get(sourceId: string): Promise<Source> {
    return this.client.sources.retrieve(sourceId);
  }

  async create(body: SourceCreate): Promise<Source> {
    await this.#ensureNameFree(body.name);
    const source = await this.client.sources.create(body);
    this.events.emit('sources:changed', { sourceId: source.id });
    return source;
  }

  async update(sourceId: string, patch: SourceUpdate): Promise<Source> {
    if (patch.name) await this.#ensureNameFree(patch.name, sourceId);
    const source = await this.client.sources.modify(sourceId, patch);
    this.events.emit('sources:changed', { sourceId });
    return source;
  }

  async delete(sourceId: string): Promise<void> {
    await this.client.sources.delete(sourceId);
    this.events.emit('sources:changed', { sourceId });
  }

  listFiles(sourceId: string, params: SourceFileListParams): Promise<FileMetadata[]> {
    return this.client.sources.files.list(sourceId, params);
  }

  async uploadFile(sourceId: string, file: UploadInput): Promise<Job> {
    const data = new Uint8Array(Buffer.from(file.dataBase64, 'base64'));
    const job = await this.client.sources.files.upload(sourceId, {
      file: { data, filename: file.fileName, ...(file.contentType ? { contentType: file.contentType } : {}) },
    });
    this.events.emit('sources:changed', { sourceId });
    this.events.emit('runs:changed', {});
    return job;
  }

  async deleteFile(sourceId: string, fileId: string): Promise<void> {
    await this.client.sources.files.delete(sourceId, fileId);
    this.events.emit('sources:changed', { sourceId });
  }

  /**
   * A page of passages without their vectors: the screen shows text, and each vector is 4,096
   * floats (Letta pads every embedding to that size), which would make a page megabytes of IPC.
   */
  async listPassages(sourceId: string, params: SourcePassageListParams): Promise<Passage[]> {
    const passages = await this.client.sources.passages.list(sourceId, params);
    return passages.map((p) => ({ ...p, embedding: null }));
  }

  listForAgent(agentId: string): Promise<Source[]> {
    return this.client.agents.sources.list(agentId);
  }

  async attach(agentId: string, sourceId: string): Promise<AgentState> {
    const agent = await this.client.agents.sources.attach(agentId, sourceId);
    this.events.emit('sources:changed', { sourceId, agentId });
    return agent;
  }

  async detach(agentId: string, sourceId: string): Promise<AgentState> {
    const agent = await this.client.agents.sources.detach(agentId, sourceId);
    this.events.emit('sources:changed', { sourceId, agentId });
    return agent;
  }

  /**
   * Source names are meant to be unique (agents see them in their tools), but 0.7.29 stores a
   * second source with a taken name and then answers name lookups with either; so the app asks
   * the server by name first and refuses, naming the clash.
   */
  async #ensureNameFree(name: string, exceptId?: string): Promise<void> {
    let existing: string;
    try {
      existing = await this.client.sources.retrieveIdByName(name);
    } catch (error) {
      if (error instanceof LettaNotFoundError) return;
      throw error;
    }
    if (existing !== exceptId) {
      throw new AppFailure('conflict', `A source named "${name}" already exists.`, 'Choose another name, or open that source from the list.');
    }
  }
}
