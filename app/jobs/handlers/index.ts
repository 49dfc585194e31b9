import type { JobHandler } from '../worker-core.js';
import { channelStatsJob } from './channel-stats.js';
import { pipelineJob } from './pipeline.js';
import { regionsJob } from './regions.js';
import { splitRoundJob } from './split-round.js';

/** Every kind of job, by name: the same in the renderer's workers and the host's. */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  'channel-stats': channelStatsJob,
  pipeline: pipelineJob,
  regions: regionsJob,
  'split-round': splitRoundJob,
};
