import type Docker from 'dockerode';
import type { Database } from '../db/database.js';
import type { Tls } from '../routing/traefik-labels.js';
import type { AppLimits } from './app-limits.js';
import type { ProjectNetworks } from './network-spec.js';
import type { RolloutLocks } from './rollout-lock.js';

// What a deployment's lifecycle runs against: the engine, the database and this install's
// settings. main.ts assembles one Platform; each use asks only for the part it needs, so a
// test or a caller can see what it touches.

export interface Platform {
  docker: Docker;
  db: Database;
  /** The project locks rollouts, deletions and route rewrites hold; on connections of their own. */
  locks: RolloutLocks;
  /** This install's name on the engine: what it may clean up carries it. */
  instance: string;
  /** Opens the project's variables on their way into its containers. */
  secretKey: Buffer;
  /** Traefik's HTTP entrypoint as control reaches it: rollouts ask it which deployment answers. */
  traefikUrl: URL;
  /** The directory Traefik's file provider watches. */
  routesDir: string;
  appsDomain: string;
  /** Each project's deployments get a network of their own, which Traefik joins. */
  networks: ProjectNetworks;
  /** Memory and CPU of every app: the default, and the most a project may ask. */
  appLimits: AppLimits;
  /** HTTPS for every route, with certificates from an ACME resolver; plain HTTP when absent. */
  tls?: Tls;
  /** Deployments per project whose containers keep running for their own URLs, the serving one included. */
  keepRunning: number;
  /** Deployments per project whose images are kept for rollbacks. */
  keepImages: number;
  healthTimeoutMs: number;
  /** How long a container that just lost the production host keeps running for requests in flight. */
  drainMs: number;
  /** Called once a rollout has ended, with how long it ran. */
  onRolloutFinished?(outcome: RolloutOutcome, ms: number): void;
}

export type RolloutOutcome = 'ready' | 'failed' | 'canceled';

/** Writing a project's route files: where they go and what they point at. */
export type RoutingPlatform = Pick<Platform, 'db' | 'routesDir' | 'appsDomain' | 'tls'>;

/** A project's network on the engine, and Traefik on it. */
export type NetworkPlatform = Pick<Platform, 'docker' | 'instance' | 'networks'>;

/** Making a deployment's container: its network, its variables, its limits and its labels. */
export type ContainerPlatform = NetworkPlatform & Pick<Platform, 'db' | 'secretKey' | 'appsDomain' | 'appLimits' | 'tls'>;

/** Stopping what a project no longer runs and removing the images it no longer keeps. */
export type RetirePlatform = Pick<Platform, 'docker' | 'db' | 'instance' | 'keepRunning' | 'keepImages' | 'drainMs'>;
