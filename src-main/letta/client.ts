/**
 * The typed Letta client: one object whose properties mirror the URL tree of the REST API
 * (`client.agents.coreMemory.blocks.modify(agentId, label, {...})` → PATCH
 * /v1/agents/{agent_id}/core-memory/blocks/{block_label}). Every operation of the API has exactly
 * one method; they all build their requests from the route table in core/routes.ts.
 */
import { LettaHttp, type ClientOptions } from './core/http.js';
import { Agents } from './resources/agents.js';
import { Blocks } from './resources/blocks.js';
import { Tools } from './resources/tools.js';
import { Sources } from './resources/sources.js';
import { Groups } from './resources/groups.js';
import { Identities } from './resources/identities.js';
import { Models } from './resources/models.js';
import { Embeddings } from './resources/embeddings.js';
import { Providers } from './resources/providers.js';
import { Jobs } from './resources/jobs.js';
import { Runs } from './resources/runs.js';
import { Steps } from './resources/steps.js';
import { Tags } from './resources/tags.js';
import { Telemetry } from './resources/telemetry.js';
import { Batches } from './resources/batches.js';
import { Voice } from './resources/voice.js';
import { HealthResource } from './resources/health.js';
import { Templates } from './resources/templates.js';
import { Projects } from './resources/projects.js';
import { ClientTokens } from './resources/client-tokens.js';

export class LettaClient {
  /** The transport, shared by all resources; exposed for diagnostics (`build`) and tests. */
  readonly http: LettaHttp;

  readonly agents: Agents;
  readonly blocks: Blocks;
  readonly tools: Tools;
  readonly sources: Sources;
  readonly groups: Groups;
  readonly identities: Identities;
  readonly models: Models;
  readonly embeddings: Embeddings;
  readonly providers: Providers;
  readonly jobs: Jobs;
  readonly runs: Runs;
  readonly steps: Steps;
  readonly tags: Tags;
  readonly telemetry: Telemetry;
  readonly batches: Batches;
  readonly voice: Voice;
  readonly health: HealthResource;
  /** Letta Cloud only. */
  readonly templates: Templates;
  /** Letta Cloud only. */
  readonly projects: Projects;
  /** Letta Cloud only: client-side access tokens. */
  readonly clientTokens: ClientTokens;

  constructor(options: ClientOptions = {}) {
    this.http = new LettaHttp(options);
    this.agents = new Agents(this.http);
    this.blocks = new Blocks(this.http);
    this.tools = new Tools(this.http);
    this.sources = new Sources(this.http);
    this.groups = new Groups(this.http);
    this.identities = new Identities(this.http);
    this.models = new Models(this.http);
    this.embeddings = new Embeddings(this.http);
    this.providers = new Providers(this.http);
    this.jobs = new Jobs(this.http);
    this.runs = new Runs(this.http);
    this.steps = new Steps(this.http);
    this.tags = new Tags(this.http);
    this.telemetry = new Telemetry(this.http);
    this.batches = new Batches(this.http);
    this.voice = new Voice(this.http);
    this.health = new HealthResource(this.http);
    this.templates = new Templates(this.http);
    this.projects = new Projects(this.http);
    this.clientTokens = new ClientTokens(this.http);
  }
}

export type { ClientOptions } from './core/http.js';
