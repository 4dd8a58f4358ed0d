import { AETHER_LABELS } from '../../../contract/aether-labels.js';

// Docker copies an image's labels onto every container made from it, and a container's label
// cannot be removed, only overwritten. A repository's Dockerfile (or its base image) therefore
// writes labels onto its deployment's container, where whatever reads labels acts on them:
// Traefik routes by them, Compose takes a container for one of the install's own services, and
// Aether's clean-up judges by its own. An image carrying such a label is refused.

/** Who the image's container will belong to: Aether's own labels on the image must say the same. */
export interface ImageOwner {
  instance: string;
  projectId: string;
}

export interface RefusedLabel {
  key: string;
  why: string;
}

/** The first label of the image that something other than the app would act on, or null when there is none. */
export function refusedImageLabel(labels: Readonly<Record<string, string>> | null | undefined, owner: ImageOwner): RefusedLabel | null {
  for (const [key, value] of Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const why = refusal(key, value, owner);
    if (why !== null) return { key, why };
  }
  return null;
}

/** What the user reads on the failed deployment. */
export function refusedLabelMessage(label: RefusedLabel): string {
  return `the image carries the label ${JSON.stringify(label.key)}, which ${label.why}: remove it from the Dockerfile or use a base image without it`;
}

function refusal(key: string, value: string, owner: ImageOwner): string | null {
  if (isTraefikLabel(key)) return 'Traefik would read as routing; Aether writes every route itself';
  if (key.toLowerCase().startsWith('com.docker.compose.')) return "Docker Compose would read as one of the install's own services";
  if (key === AETHER_LABELS.instance && value !== owner.instance) return 'names another Aether install';
  if (key === AETHER_LABELS.project && value !== owner.projectId) return 'names another project';
  return null;
}

/**
 * Traefik matches its label root without regard to case, by Go's Unicode case folding, under
 * which the Kelvin sign is a "k": upper-casing and then lower-casing folds the same way here.
 */
function isTraefikLabel(key: string): boolean {
  const root = key.split('.', 1)[0]!;
  return root.toUpperCase().toLowerCase() === 'traefik';
}
