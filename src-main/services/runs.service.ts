/** What agents did: runs (background turns), steps (LLM calls), message batches and jobs. */
import type {
  BatchJob,
  BatchMessageListParams,
  Job,
  LettaBatchMessages,
  LettaMessageUnion,
  ProviderTrace,
  Run,
  RunMessageListParams,
  RunStepListParams,
  Step,
  StepListParams,
  UsageStatistics,
} from '../letta/index.js';
import { ConnectedService } from './connected.js';

export class RunsService extends ConnectedService {
  listRuns(agentIds: string[] | undefined, activeOnly: boolean): Promise<Run[]> {
    const params = agentIds ? { agent_ids: agentIds } : {};
    return activeOnly ? this.client.runs.listActive(params) : this.client.runs.list(params);
  }

  getRun(runId: string): Promise<Run> {
    return this.client.runs.retrieve(runId);
  }

  async deleteRun(runId: string): Promise<void> {
    await this.client.runs.delete(runId);
    this.events.emit('runs:changed', { runId });
  }

  listRunMessages(runId: string, params: RunMessageListParams): Promise<LettaMessageUnion[]> {
    return this.client.runs.messages.list(runId, params);
  }

  getRunUsage(runId: string): Promise<UsageStatistics> {
    return this.client.runs.usage.retrieve(runId);
  }

  listRunSteps(runId: string, params: RunStepListParams): Promise<Step[]> {
    return this.client.runs.steps.list(runId, params);
  }

  listSteps(params: StepListParams): Promise<Step[]> {
    return this.client.steps.list(params);
  }

  getStep(stepId: string): Promise<Step> {
    return this.client.steps.retrieve(stepId);
  }

  getStepTrace(stepId: string): Promise<ProviderTrace> {
    return this.client.telemetry.retrieveProviderTrace(stepId);
  }

  listBatches(): Promise<BatchJob[]> {
    return this.client.batches.list();
  }

  getBatch(batchId: string): Promise<BatchJob> {
    return this.client.batches.retrieve(batchId);
  }

  async createBatch(requests: { agentId: string; text: string }[], callbackUrl: string | undefined): Promise<BatchJob> {
    const batch = await this.client.batches.create({
      requests: requests.map((r) => ({ agent_id: r.agentId, messages: [{ role: 'user' as const, content: r.text }] })),
      ...(callbackUrl ? { callback_url: callbackUrl } : {}),
    });
    this.events.emit('runs:changed', {});
    return batch;
  }

  async cancelBatch(batchId: string): Promise<void> {
    await this.client.batches.cancel(batchId);
    this.events.emit('runs:changed', {});
  }

  listBatchMessages(batchId: string, params: BatchMessageListParams): Promise<LettaBatchMessages> {
    return this.client.batches.messages.list(batchId, params);
  }

  listJobs(sourceId: string | undefined, activeOnly: boolean): Promise<Job[]> {
    return activeOnly ? this.client.jobs.listActive() : this.client.jobs.list(sourceId ? { source_id: sourceId } : {});
  }

  getJob(jobId: string): Promise<Job> {
    return this.client.jobs.retrieve(jobId);
  }

  async deleteJob(jobId: string): Promise<void> {
    await this.client.jobs.delete(jobId);
    this.events.emit('runs:changed', {});
  }
}
