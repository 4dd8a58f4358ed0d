// The API's answers as their JSON arrives at a client. The dashboard, the bench and any script
// import these types, so a change to what a route answers breaks their type check instead of
// their users; nobody keeps a hand-written copy.

export type { HealthReport as HealthReply } from '../health.js';
export type { NewTokenReply, TokenReply, UserReply } from './routes/auth.js';
export type { DeploymentReply, DeploymentStatsReply } from './routes/deployments.js';
export type { RuntimeLogEvent } from './routes/logs.js';
export type { ProjectReply } from './routes/projects.js';
export type { DeploymentChange as DeploymentEventData } from '../deployments/deployment-changes.js';
