import { commandArgv, refuseSettings, SettingsError, type BuildSettings } from '../../../contract/build-settings.js';
import type { BaseImages } from '../base-images.js';
import type { PythonApp, PythonDetection, PythonInstaller } from '../detect/detection.js';
import { dockerfile, execForm, run } from './instructions.js';
import { PYTHON_PORT } from './ports.js';

// Stages: deps installs into a virtualenv at /opt/venv from the manifests only, so a source
// change reuses it; the final stage copies that venv and the source, and nothing of the tools
// that filled it.

const VENV = '/opt/venv';
const PIP_CACHE = '/root/.cache/pip';
const UV_CACHE = '/root/.cache/uv';
// Fixed so that files and the USER line agree without looking the name up.
const APP_UID = 10001;

export function pythonDockerfile(detection: PythonDetection, images: BaseImages, settings: BuildSettings): string {
  refuseSettings(settings, ['outputDir'], 'a Python app runs from its own files, not an output directory');
  const installer = describeInstaller(detection.installer);
  const header = `Aether detected: Python, ${describeApp(detection.app)}, dependencies from ${installer}`;
  return dockerfile(header, [
    depsStage(detection, images.python, settings),
    runtimeStage(detection.app, images.python, settings),
  ]);
}

function depsStage(detection: PythonDetection, image: string, settings: BuildSettings): string[] {
  const custom = commandArgv(settings, 'installCommand');
  const server = serverToAdd(detection.app);
  return [
    `FROM ${image} AS deps`,
    `ENV VIRTUAL_ENV=${VENV}`,
    `ENV PATH=${VENV}/bin:$PATH`,
    run(['python', '-m', 'venv', VENV]),
    'WORKDIR /app',
    ...(custom === null
      ? installerLines(detection.installer)
      : [`COPY ${manifests(detection.installer)} ./`, run(custom, [PIP_CACHE])]),
    ...(server === null ? [] : [run(['pip', 'install', server], [PIP_CACHE])]),
  ];
}

function installerLines(installer: PythonInstaller): string[] {
  switch (installer.type) {
    case 'requirements':
      return ['COPY requirements.txt ./', run(['pip', 'install', '-r', 'requirements.txt'], [PIP_CACHE])];
    case 'pep621':
      // The listed dependencies, not the project: building the project as a package would need its source.
      if (installer.dependencies.length === 0) return [];
      return [run(['pip', 'install', ...installer.dependencies], [PIP_CACHE])];
    case 'poetry':
      // Poetry gets a venv of its own and installs into the active one (VIRTUAL_ENV), without the tool itself.
      return [
        ...toolVenv('poetry'),
        `COPY ${manifests(installer)} ./`,
        run(
          ['/opt/poetry/bin/poetry', 'install', '--only', 'main', '--no-root', '--no-interaction'],
          [PIP_CACHE, '/root/.cache/pypoetry'],
        ),
      ];
    case 'uv':
      return [
        ...toolVenv('uv'),
        // Into the active venv, with the image's Python; the cache mount is another filesystem,
        // from which files are copied rather than linked.
        `ENV UV_PROJECT_ENVIRONMENT=${VENV} UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy`,
        `COPY ${manifests(installer)} ./`,
        // --inexact keeps pip, which installs the server afterwards; the project itself is source, not a package.
        run(['/opt/uv/bin/uv', 'sync', '--locked', '--no-dev', '--no-install-project', '--inexact'], [UV_CACHE]),
      ];
    case 'pipenv':
      return [
        ...toolVenv('pipenv'),
        `COPY ${manifests(installer)} ./`,
        run(
          ['/opt/pipenv/bin/pipenv', 'install', ...(installer.lockfile ? ['--deploy'] : [])],
          [PIP_CACHE, '/root/.cache/pipenv'],
        ),
      ];
  }
}

function toolVenv(tool: 'poetry' | 'pipenv' | 'uv'): string[] {
  return [run(['python', '-m', 'venv', `/opt/${tool}`]), run([`/opt/${tool}/bin/pip`, 'install', tool], [PIP_CACHE])];
}

function manifests(installer: PythonInstaller): string {
  switch (installer.type) {
    case 'requirements':
      return 'requirements.txt';
    case 'pep621':
      return 'pyproject.toml';
    case 'poetry':
      return installer.lockfile ? 'pyproject.toml poetry.lock' : 'pyproject.toml';
    case 'uv':
      return 'pyproject.toml uv.lock';
    case 'pipenv':
      return installer.lockfile ? 'Pipfile Pipfile.lock' : 'Pipfile';
  }
}

function runtimeStage(app: PythonApp, image: string, settings: BuildSettings): string[] {
  const port = settings.port ?? PYTHON_PORT;
  const build = commandArgv(settings, 'buildCommand');
  return [
    `FROM ${image}`,
    `ENV VIRTUAL_ENV=${VENV}`,
    `ENV PATH=${VENV}/bin:$PATH`,
    'ENV PYTHONUNBUFFERED=1',
    `ENV PORT=${port}`,
    // A passwd entry gives the app a home directory and a name for libraries that look one up.
    run(['useradd', '--uid', String(APP_UID), '--user-group', '--create-home', 'app']),
    'WORKDIR /app',
    `COPY --from=deps ${VENV} ${VENV}`,
    `COPY --chown=${APP_UID}:${APP_UID} . .`,
    ...(build === null ? [] : [run(build)]),
    `USER ${APP_UID}:${APP_UID}`,
    `EXPOSE ${port}`,
    `CMD ${execForm(commandArgv(settings, 'startCommand') ?? startArgv(app))}`,
  ];
}

// sh expands $PORT when the container starts; exec hands PID 1 to the server so it gets SIGTERM.
// Module and project names are Python identifiers (see detection), safe inside the sh string.
function startArgv(app: PythonApp): string[] {
  switch (app.type) {
    case 'django':
      return ['sh', '-c', `exec gunicorn --bind 0.0.0.0:$PORT ${app.project}.wsgi`];
    case 'flask':
      return ['sh', '-c', `exec gunicorn --bind 0.0.0.0:$PORT ${app.module}:app`];
    case 'fastapi':
      return ['sh', '-c', `exec uvicorn ${app.module}:app --host 0.0.0.0 --port $PORT`];
    case 'script':
      return ['python', app.file];
    case 'unknown':
      throw new SettingsError(
        'startCommand is required: Aether found no Django, Flask or FastAPI app, nor a main.py or app.py to run',
      );
  }
}

function serverToAdd(app: PythonApp): string | null {
  switch (app.type) {
    case 'django':
    case 'flask':
      return app.serverDeclared ? null : 'gunicorn';
    case 'fastapi':
      return app.serverDeclared ? null : 'uvicorn';
    case 'script':
    case 'unknown':
      return null;
  }
}

function describeApp(app: PythonApp): string {
  switch (app.type) {
    case 'django':
      return `Django project ${app.project}`;
    case 'flask':
    case 'fastapi':
      return `${app.type === 'flask' ? 'Flask' : 'FastAPI'} app in ${app.module}.py`;
    case 'script':
      return `script ${app.file}`;
    case 'unknown':
      return 'no known entry point';
  }
}

function describeInstaller(installer: PythonInstaller): string {
  switch (installer.type) {
    case 'requirements':
      return 'requirements.txt (pip)';
    case 'pep621':
      return 'pyproject.toml (pip)';
    case 'poetry':
      return `pyproject.toml (Poetry${installer.lockfile ? ', poetry.lock' : ''})`;
    case 'uv':
      return 'pyproject.toml (uv, uv.lock)';
    case 'pipenv':
      return `Pipfile (Pipenv${installer.lockfile ? ', Pipfile.lock' : ''})`;
  }
}
