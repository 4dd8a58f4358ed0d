import type { DetectionReply } from '../../../control/src/api/replies.js';
import type { ProjectForm } from './project-request.js';

// What the new-project form shows of a detection: a line naming what was found, and each
// setting's detected value as its field's placeholder, so that a blank field visibly means
// "what Aether detected" and anything typed still wins.

export type DetectedField = 'installCommand' | 'buildCommand' | 'startCommand' | 'outputDir' | 'port';

const UNKNOWN = 'Detected automatically';

/** The placeholder of each settings field: the detected value, or what a blank field means for this kind of project. */
export function detectedPlaceholders(detection: DetectionReply | undefined): Record<DetectedField, string> {
  if (detection === undefined || detection.kind === 'workspace') {
    return { installCommand: UNKNOWN, buildCommand: UNKNOWN, startCommand: UNKNOWN, outputDir: UNKNOWN, port: UNKNOWN };
  }
  const absent = detection.kind === 'dockerfile' ? 'As the Dockerfile says' : 'None';
  return {
    installCommand: detection.installCommand ?? absent,
    buildCommand: detection.buildCommand ?? absent,
    startCommand: detection.startCommand ?? (detection.kind === 'dockerfile' ? absent : 'None: the built files are served'),
    outputDir: detection.outputDir ?? absent,
    port: detection.port === null ? absent : String(detection.port),
  };
}

/** The status line above the settings. */
export function detectionLine(detection: DetectionReply): string {
  if (detection.kind === 'workspace') return 'Detected a monorepo: choose the package to deploy as the root directory';
  const where = detection.rootDirectory === '' ? '' : ` in ${detection.rootDirectory}`;
  const fromFile = Object.keys(detection.repositorySettings ?? {});
  return `Detected ${detection.framework}${where}${fromFile.length === 0 ? '' : `, with ${fromFile.join(', ')} from aether.json`}`;
}

export interface DetectionRequest {
  repository: string;
  branch?: string;
  rootDirectory?: string;
}

/** The detection request for a repository and the form's branch and root directory; blank ones are left to the API's defaults. */
export function detectionRequest(repository: string, form: Pick<ProjectForm, 'branch' | 'rootDirectory'>): DetectionRequest {
  const branch = form.branch.trim();
  const rootDirectory = form.rootDirectory.trim();
  return { repository: repository.trim(), ...(branch !== '' && { branch }), ...(rootDirectory !== '' && { rootDirectory }) };
}

/** A detection failure's field as the project form names it: settings are `settings.<name>`. */
export function formFieldOf(field: string | undefined): string | undefined {
  if (field === undefined || ['repository', 'branch', 'rootDirectory'].includes(field)) return field;
  return `settings.${field}`;
}
