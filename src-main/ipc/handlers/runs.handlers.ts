import type { HandlerFactory } from './types.js';

export const runHandlers: HandlerFactory<'runs' | 'steps' | 'batches' | 'jobs'> = (s) => ({
  'runs:list': async ({ agentIds, activeOnly }) => s.runs.listRuns(agentIds, activeOnly ?? false),
  'runs:get': async ({ runId }) => s.runs.getRun(runId),
  'runs:delete': async ({ runId }) => s.runs.deleteRun(runId),
  'runs:list-messages': async ({ runId, ...params }) => s.runs.listRunMessages(runId, params),
  'runs:get-usage': async ({ runId }) => s.runs.getRunUsage(runId),
  'runs:list-steps': async ({ runId, ...params }) => s.runs.listRunSteps(runId, params),

  'steps:list': async (params) => s.runs.listSteps(params),
  'steps:get': async ({ stepId }) => s.runs.getStep(stepId),
  'steps:get-trace': async ({ stepId }) => s.runs.getStepTrace(stepId),

  'batches:list': async () => s.runs.listBatches(),
  'batches:get': async ({ batchId }) => s.runs.getBatch(batchId),
  'batches:create': async ({ requests, callbackUrl }) => s.runs.createBatch(requests, callbackUrl),
  'batches:cancel': async ({ batchId }) => s.runs.cancelBatch(batchId),
  'batches:list-messages': async ({ batchId, ...params }) => s.runs.listBatchMessages(batchId, params),

  'jobs:list': async ({ sourceId, activeOnly }) => s.runs.listJobs(sourceId, activeOnly ?? false),
  'jobs:get': async ({ jobId }) => s.runs.getJob(jobId),
  'jobs:delete': async ({ jobId }) => s.runs.deleteJob(jobId),
});
