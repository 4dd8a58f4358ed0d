/**
 * Every container and image Aether makes carries these: the builder labels the images it builds,
 * control the containers it runs. Clean-up touches nothing without them, and nothing of another
 * Aether install (its instance) sharing the engine.
 */
export const AETHER_LABELS = {
  instance: 'dev.aether.instance',
  project: 'dev.aether.project',
  deployment: 'dev.aether.deployment',
} as const;
