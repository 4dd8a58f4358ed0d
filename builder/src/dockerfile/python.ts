import { commandArgv, refuseSettings, SettingsError, type BuildSettings } from '../../../contract/build-settings.js';
import type { BaseImages } from '../base-images.js';
import type { PythonApp, PythonDetection, PythonInstaller } from '../detect/detection.js';
import { cmd, copy, type DockerfileCommands, env, expose, type GeneratedDockerfile, type Instruction, run, type Stage, user, workdir } from './instructions.js';
import { PYTHON_PORT } from './ports.js';

// Stages: deps installs into a virtualenv at /opt/venv from the manifests only, so a source
// change reuses it; build, when there is a build to run, adds the source and runs it with the
// build variables, which only stages other than the final one get (see build-args.ts); the final
// stage copies the venv and the source (built or as it is), and nothing of the tools that filled it.

const VENV = '/opt/venv';
const PIP_CACHE = '/root/.cache/pip';
const UV_CACHE = '/root/.cache/uv';
// Fixed so that files and the USER line agree without looking the name up.
const APP_UID = 10001;

export function pythonDockerfile(detection: PythonDetection, images: BaseImages, settings: BuildSettings): GeneratedDockerfile {
  refuseSettings(settings, ['outputDir'], 'a Python app runs from its own files, not an output directory');
  const installer = installerPlan(detection.installer);
  const port = settings.port ?? PYTHON_PORT;
  const header = `Aether detected: Python, ${describeApp(detection.app)}, dependencies from ${installer.description}`;
  const builds = buildArgvs(detection.app, settings);
  const stages = [
    depsStage(detection.app, installer, images.python, settings),
    ...(builds.length === 0 ? [] : [buildStage(detection.app, builds)]),
    runtimeStage(detection.app, images.python, settings, port, builds.length === 0 ? 'deps' : 'build'),
  ];
  return { dockerfile: { header, stages }, port, commands: pythonCommands(detection, installer, settings, builds) };
}

// The installer's own install is its last RUN (a tool's venv comes first); a pep621 project without dependencies installs nothing.
function pythonCommands(detection: PythonDetection, installer: InstallerPlan, settings: BuildSettings, builds: string[][]): DockerfileCommands {
  const runs = installer.install.flatMap((instruction) => (instruction.op === 'RUN' ? [instruction.argv] : []));
  return {
    install: commandArgv(settings, 'installCommand') ?? runs.at(-1) ?? null,
    builds,
    start: commandArgv(settings, 'startCommand') ?? startArgv(detection.app),
    outputDir: null,
  };
}

/** The build command the settings give, else Django's collectstatic; other apps build nothing. */
function buildArgvs(app: PythonApp, settings: BuildSettings): string[][] {
  const build = commandArgv(settings, 'buildCommand');
  if (build !== null) return [build];
  return app.type === 'django' ? [COLLECT_STATIC] : [];
}

/** How one installer fills the venv from the project's manifests. */
interface InstallerPlan {
  /** How the header names it. */
  description: string;
  /** What the install reads, copied before any source so that a source change reuses the layer. */
  manifests: string[];
  /** The install when the settings name no command. */
  install: Instruction[];
}

type Installer<T extends PythonInstaller['type']> = Extract<PythonInstaller, { type: T }>;

const INSTALLERS: { [T in PythonInstaller['type']]: (installer: Installer<T>) => InstallerPlan } = {
  requirements: () => ({
    description: 'requirements.txt (pip)',
    manifests: ['requirements.txt'],
    install: [copy(['requirements.txt'], './'), run(['pip', 'install', '-r', 'requirements.txt'], [PIP_CACHE])],
  }),
  pep621: ({ dependencies }) => ({
    description: 'pyproject.toml (pip)',
    manifests: ['pyproject.toml'],
    // The listed dependencies, not the project: building the project as a package would need its source.
    install: dependencies.length === 0 ? [] : [run(['pip', 'install', ...dependencies], [PIP_CACHE])],
  }),
  poetry: ({ lockfile }) => {
    const manifests = lockfile ? ['pyproject.toml', 'poetry.lock'] : ['pyproject.toml'];
    return {
      description: `pyproject.toml (Poetry${lockfile ? ', poetry.lock' : ''})`,
      manifests,
      // Poetry gets a venv of its own and installs into the active one (VIRTUAL_ENV), without the tool itself.
      install: [
        ...toolVenv('poetry'),
        copy(manifests, './'),
        run(['/opt/poetry/bin/poetry', 'install', '--only', 'main', '--no-root', '--no-interaction'], [PIP_CACHE, '/root/.cache/pypoetry']),
      ],
    };
  },
  uv: () => {
    const manifests = ['pyproject.toml', 'uv.lock'];
    return {
      description: 'pyproject.toml (uv, uv.lock)',
      manifests,
      install: [
        ...toolVenv('uv'),
        // Into the active venv, with the image's Python; the cache mount is another filesystem,
        // from which files are copied rather than linked.
        env({ UV_PROJECT_ENVIRONMENT: VENV, UV_PYTHON_DOWNLOADS: 'never', UV_LINK_MODE: 'copy' }),
        copy(manifests, './'),
        // --inexact keeps pip, which installs the server afterwards; the project itself is source, not a package.
        run(['/opt/uv/bin/uv', 'sync', '--locked', '--no-dev', '--no-install-project', '--inexact'], [UV_CACHE]),
      ],
    };
  },
  pipenv: ({ lockfile }) => {
    const manifests = lockfile ? ['Pipfile', 'Pipfile.lock'] : ['Pipfile'];
    return {
      description: `Pipfile (Pipenv${lockfile ? ', Pipfile.lock' : ''})`,
      manifests,
      install: [
        ...toolVenv('pipenv'),
        copy(manifests, './'),
        run(['/opt/pipenv/bin/pipenv', 'install', ...(lockfile ? ['--deploy'] : [])], [PIP_CACHE, '/root/.cache/pipenv']),
      ],
    };
  },
};

function installerPlan(installer: PythonInstaller): InstallerPlan {
  // The table's entry for this type takes this installer; TypeScript does not follow the pairing.
  return (INSTALLERS[installer.type] as (installer: PythonInstaller) => InstallerPlan)(installer);
}

function toolVenv(tool: 'poetry' | 'pipenv' | 'uv'): Instruction[] {
  return [run(['python', '-m', 'venv', `/opt/${tool}`]), run([`/opt/${tool}/bin/pip`, 'install', tool], [PIP_CACHE])];
}

function depsStage(app: PythonApp, installer: InstallerPlan, image: string, settings: BuildSettings): Stage {
  const custom = commandArgv(settings, 'installCommand');
  return {
    from: image,
    name: 'deps',
    instructions: [
      env({ VIRTUAL_ENV: VENV }),
      env({ PATH: `${VENV}/bin:$PATH` }),
      run(['python', '-m', 'venv', VENV]),
      workdir('/app'),
      ...(custom === null ? installer.install : [copy(installer.manifests, './'), run(custom, [PIP_CACHE])]),
      ...packagesToAdd(app).map((name) => run(['pip', 'install', name], [PIP_CACHE])),
    ],
  };
}

/** The source over the installed venv, built there, as root: the final stage gives the files to the app's user. */
function buildStage(app: PythonApp, builds: string[][]): Stage {
  return {
    from: 'deps',
    name: 'build',
    instructions: [...frameworkSetup(app), copy(['.'], '.'), ...builds.map((argv) => run(argv))],
  };
}

/** `source`: the stage whose venv and /app the image takes; deps has no source, which then comes from the context. */
function runtimeStage(app: PythonApp, image: string, settings: BuildSettings, port: number, source: 'deps' | 'build'): Stage {
  const owned = { chown: `${APP_UID}:${APP_UID}` };
  return {
    from: image,
    instructions: [
      env({ VIRTUAL_ENV: VENV }),
      env({ PATH: `${VENV}/bin:$PATH` }),
      env({ PYTHONUNBUFFERED: 1 }),
      env({ PORT: port }),
      // A passwd entry gives the app a home directory and a name for libraries that look one up.
      run(['useradd', '--uid', String(APP_UID), '--user-group', '--create-home', 'app']),
      // The folder is the app's, as its files are: apps write beside their code at run time
      // (FastHTML its session key, SQLite its database).
      run(['install', '--directory', '--owner', 'app', '--group', 'app', '/app']),
      workdir('/app'),
      copy([VENV], VENV, { from: source }),
      source === 'deps' ? copy(['.'], '.', owned) : copy(['/app'], '/app', { from: source, ...owned }),
      ...frameworkEnv(app),
      user(`${APP_UID}:${APP_UID}`),
      expose(port),
      cmd(commandArgv(settings, 'startCommand') ?? startArgv(app)),
    ],
  };
}

// Django's deployment checklist, for a project whose settings are still startproject's: its own
// settings module, as its wsgi.py names it, read through a layer of Aether's. DEBUG is off whatever
// the project says, since a debug page in production shows the settings, secrets included. An empty
// ALLOWED_HOSTS (startproject's) takes every Host, since Aether's proxy sends only the project's own
// domains here (as NG_ALLOWED_HOSTS does for Angular); a list of the project's own is kept. The
// proxy ends TLS, so the scheme comes from X-Forwarded-Proto, which it sets and replaces a client's
// own: without it every HTTPS form POST fails Django's origin check with 403. With DEBUG off Django
// serves no static files (the admin's styles among them): they are collected at build time into
// /app/staticfiles, which the image keeps wherever the project's own STATIC_ROOT would point, and
// WhiteNoise serves them, right after the security middleware as its docs place it. A
// DJANGO_SETTINGS_MODULE set on the project wins over the layer. The layer is Aether's text; the
// module name arrives through the environment, a dotted identifier (see detection), never as code.
const DJANGO_LAYER_MODULE = 'aether_django_settings';
const DJANGO_LAYER = [
  '# Written by Aether: the settings module AETHER_DJANGO_SETTINGS names, for production.',
  'import importlib, os',
  '_settings = importlib.import_module(os.environ["AETHER_DJANGO_SETTINGS"])',
  'globals().update((name, value) for name, value in vars(_settings).items() if name.isupper())',
  'DEBUG = False',
  'if not globals().get("ALLOWED_HOSTS"):',
  '    ALLOWED_HOSTS = ["*"]',
  'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")',
  'STATIC_ROOT = "/app/staticfiles"',
  '_WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"',
  '_SECURITY = "django.middleware.security.SecurityMiddleware"',
  'MIDDLEWARE = list(globals().get("MIDDLEWARE", []))',
  'if _WHITENOISE not in MIDDLEWARE:',
  '    MIDDLEWARE.insert(MIDDLEWARE.index(_SECURITY) + 1 if _SECURITY in MIDDLEWARE else 0, _WHITENOISE)',
  '',
].join('\n');

// collectstatic exists only where django.contrib.staticfiles is installed; a project without it
// has nothing to collect. Its failure (settings that need a variable only production has) leaves
// the app to run as it would without this step, with Django's traceback and the settings that fix it.
const COLLECT_MODULE = 'aether_collectstatic';
const COLLECT = [
  "# Written by Aether: Django's collectstatic at build time, for a project that has static files.",
  'import sys, traceback',
  'try:',
  '    import django',
  '    django.setup()',
  '    from django.conf import settings',
  '    from django.core.management import call_command',
  '    if "django.contrib.staticfiles" in settings.INSTALLED_APPS:',
  '        call_command("collectstatic", interactive=False)',
  '    else:',
  '        print("django.contrib.staticfiles is not installed: no static files to collect")',
  'except Exception:',
  '    traceback.print_exc()',
  '    print("Aether could not collect Django\'s static files (above), so the app will run without them. Variables the settings need at build time go in as variables of the build scope; buildCommand (aether.json or the project\'s settings) replaces this step.")',
  '',
].join('\n');
const COLLECT_STATIC = ['python', '-m', COLLECT_MODULE];

// Into the venv's site-packages, found by the venv's own Python: importable whatever PYTHONPATH
// the project sets for itself (a src/ layout), which an image ENV of Aether's would lose to.
const WRITE_DJANGO_MODULES = [
  'import pathlib, sysconfig',
  `for name, text in ${JSON.stringify({ [DJANGO_LAYER_MODULE]: DJANGO_LAYER, [COLLECT_MODULE]: COLLECT })}.items():`,
  '    pathlib.Path(sysconfig.get_path("purelib"), name + ".py").write_text(text)',
].join('\n');

/** What the build stage adds before the source: Django's modules in the venv, and its settings for the build's own commands. */
function frameworkSetup(app: PythonApp): Instruction[] {
  if (app.type !== 'django') return [];
  return [run(['python', '-c', WRITE_DJANGO_MODULES]), ...frameworkEnv(app)];
}

function frameworkEnv(app: PythonApp): Instruction[] {
  if (app.type !== 'django') return [];
  return [env({ AETHER_DJANGO_SETTINGS: app.settings, DJANGO_SETTINGS_MODULE: DJANGO_LAYER_MODULE })];
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
    case 'fasthtml':
      return ['sh', '-c', `exec uvicorn ${app.module}:app --host 0.0.0.0 --port $PORT`];
    case 'streamlit':
      return ['sh', '-c', `exec streamlit run ${app.file} --server.port $PORT --server.address 0.0.0.0 --server.headless true --browser.gatherUsageStats false`];
    case 'script':
      return ['python', app.file];
    case 'unknown':
      throw new SettingsError(
        'startCommand is required: Aether found no Django, Flask, FastAPI, FastHTML or Streamlit app, nor a main.py or app.py to run',
      );
  }
}

/** What the project does not list but the image needs: the server it starts with, and Django's static file server. */
function packagesToAdd(app: PythonApp): string[] {
  switch (app.type) {
    case 'django':
      return [...(app.serverDeclared ? [] : ['gunicorn']), ...(app.staticServerDeclared ? [] : ['whitenoise'])];
    case 'flask':
      return app.serverDeclared ? [] : ['gunicorn'];
    case 'fastapi':
      return app.serverDeclared ? [] : ['uvicorn'];
    case 'fasthtml':
    case 'streamlit':
    case 'script':
    case 'unknown':
      return [];
  }
}

const PYTHON_FRAMEWORKS = { flask: 'Flask', fastapi: 'FastAPI', fasthtml: 'FastHTML' } as const;

function describeApp(app: PythonApp): string {
  switch (app.type) {
    case 'django':
      return `Django project ${app.project} (settings ${app.settings})`;
    case 'streamlit':
      return `Streamlit app ${app.file}`;
    case 'flask':
    case 'fastapi':
    case 'fasthtml':
      return `${PYTHON_FRAMEWORKS[app.type]} app in ${app.module}.py`;
    case 'script':
      return `script ${app.file}`;
    case 'unknown':
      return 'no known entry point';
  }
}
