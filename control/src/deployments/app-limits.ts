import type { ProjectSettings } from '../projects/project-settings.js';

/** What every app gets unless its project asks otherwise, and the most a project may ask: the admin's to set. */
export interface AppLimits {
  memoryMb: number;
  maxMemoryMb: number;
  cpus: number;
  maxCpus: number;
}

/**
 * The memory and CPU an app runs with. A project's setting above the maximum (saved before the
 * admin lowered it) is held to the maximum rather than refused, so the app keeps deploying.
 */
export function appResources(settings: Pick<ProjectSettings, 'memoryMb' | 'cpus'>, limits: AppLimits): { memoryMb: number; cpus: number } {
  return {
    memoryMb: Math.min(settings.memoryMb ?? limits.memoryMb, limits.maxMemoryMb),
    cpus: Math.min(settings.cpus ?? limits.cpus, limits.maxCpus),
  };
}

/** The setting a project may not have, named as the API names its field, or null when all are within the limits. */
export function settingAboveLimit(settings: Pick<ProjectSettings, 'memoryMb' | 'cpus'>, limits: AppLimits): { field: string; message: string } | null {
  if (settings.memoryMb !== undefined && settings.memoryMb > limits.maxMemoryMb) {
    return { field: 'settings.memoryMb', message: `settings.memoryMb: at most ${limits.maxMemoryMb} on this install` };
  }
  if (settings.cpus !== undefined && settings.cpus > limits.maxCpus) {
    return { field: 'settings.cpus', message: `settings.cpus: at most ${limits.maxCpus} on this install` };
  }
  return null;
}
