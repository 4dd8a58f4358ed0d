import type { ProjectReply } from '../../../control/src/api/replies.js';

// What the new-project form sends: only the fields the user filled, so every blank one keeps
// the API's default (the detected command, the detected port, the branch `main`).

export interface ProjectForm {
  slug: string;
  branch: string;
  rootDirectory: string;
  installCommand: string;
  buildCommand: string;
  startCommand: string;
  outputDir: string;
  port: string;
}

export interface ProjectRequest {
  slug: string;
  branch?: string;
  rootDirectory?: string;
  settings?: Partial<ProjectReply['settings']>;
}

export type ProjectRequestResult = { ok: true; request: ProjectRequest } | { ok: false; field: string; message: string };

const PORT_MESSAGE = 'settings.port: must be a whole number from 1 to 65535';

/** The request body for the form, or the field to fix when a value cannot even be sent as JSON. */
export function projectRequest(form: ProjectForm): ProjectRequestResult {
  const port = form.port.trim();
  if (port !== '' && !/^\d{1,5}$/.test(port)) return { ok: false, field: 'settings.port', message: PORT_MESSAGE };
  const settings = given({
    installCommand: form.installCommand.trim(),
    buildCommand: form.buildCommand.trim(),
    startCommand: form.startCommand.trim(),
    outputDir: form.outputDir.trim(),
  });
  const branch = form.branch.trim();
  const rootDirectory = form.rootDirectory.trim();
  const allSettings = { ...settings, ...(port !== '' && { port: Number(port) }) };
  return {
    ok: true,
    request: {
      slug: form.slug.trim(),
      ...(branch !== '' && { branch }),
      ...(rootDirectory !== '' && { rootDirectory }),
      ...(Object.keys(allSettings).length > 0 && { settings: allSettings }),
    },
  };
}

function given<T extends Record<string, string>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== '')) as Partial<T>;
}
