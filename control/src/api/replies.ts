// The API's answers as their JSON arrives at a client. The dashboard, the bench and any script
// import these types, so a change to what a route answers breaks their type check instead of
// their users; nobody keeps a hand-written copy.

export type { HealthReport as HealthReply } from '../health.js';
export type { AuthStatusReply, NewTokenReply, TokenReply, UserReply } from './routes/auth.js';
export type { DeploymentReply, DeploymentStatsReply } from './routes/deployments.js';
export type { DetectionReply } from './routes/detections.js';
export type { ImportReply, RepositoryPageReply } from './routes/github.js';
export type { BuildLogEvent, ContainerStateReply, RuntimeLogEvent } from './routes/logs.js';
export type { ProjectReply } from './routes/projects.js';
export type { DomainReply, VariableReply } from './routes/settings.js';
export type { DeploymentChange as DeploymentEventData } from '../deployments/deployment-changes.js';
