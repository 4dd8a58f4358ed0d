import type { PythonApp, PythonDetection, PythonInstaller, StreamlitScript } from './detection.js';
import {
  normalizeName,
  requirementName,
  requirementsNames,
  tomlDependencyArray,
  tomlKeys,
  tomlTables,
} from './python-manifests.js';
import type { SourceTree } from './source-tree.js';

// Where a Flask, FastAPI or FastHTML app object named `app` is looked for, in this order. Apps laid out
// otherwise (src/, another variable name) set a start command.
const APP_MODULES = ['app.py', 'main.py', 'wsgi.py', 'asgi.py'];
// A Python project with no web framework Aether knows is run as a script if one of these exists.
const SCRIPTS = ['main.py', 'app.py'];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Where Streamlit's docs and Community Cloud look for the app, in this order. Only a file that
// imports streamlit is one: a FastAPI or Flask app may list it for a dashboard of its own.
const STREAMLIT_SCRIPTS: readonly StreamlitScript[] = ['streamlit_app.py', 'app.py', 'main.py'];
const IMPORTS_STREAMLIT = /^\s*(import streamlit|from streamlit\b)/m;
// `os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')`, as manage.py and wsgi.py write it.
const SETTINGS_MODULE = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)['"]/;

interface Manifest {
  installer: PythonInstaller;
  /** Normalised names of the declared dependencies. */
  names: ReadonlySet<string>;
}

export function detectPython(tree: SourceTree): PythonDetection | null {
  const manifest = readManifest(tree);
  if (manifest === null) return null;
  return { kind: 'python', installer: manifest.installer, app: detectPythonApp(tree, manifest.names) };
}

// requirements.txt is the most explicit statement of what to install, so it wins when a
// project also has a pyproject.toml (often there for tool settings only) or a Pipfile.
function readManifest(tree: SourceTree): Manifest | null {
  const requirements = tree.readText('requirements.txt');
  if (requirements !== undefined) {
    return { installer: { type: 'requirements' }, names: new Set(requirementsNames(requirements)) };
  }
  const pyproject = tree.readText('pyproject.toml');
  if (pyproject !== undefined) return fromPyproject(tree, pyproject);
  const pipfile = tree.readText('Pipfile');
  if (pipfile === undefined) return null;
  const packages = tomlKeys(tomlTables(pipfile).get('packages') ?? []).map(normalizeName);
  return { installer: { type: 'pipenv', lockfile: tree.exists('Pipfile.lock') }, names: new Set(packages) };
}

function fromPyproject(tree: SourceTree, text: string): Manifest {
  const tables = tomlTables(text);
  const dependencies = tomlDependencyArray(tables.get('project') ?? []);
  const names = dependencies.map(requirementName).filter((name) => name !== null);
  // The lockfile says which tool the project is managed with now, whatever tables an older one left.
  if (tree.exists('uv.lock')) return { installer: { type: 'uv' }, names: new Set(names) };
  const poetry = [...tables.keys()].some((table) => table === 'tool.poetry' || table.startsWith('tool.poetry.'));
  if (!poetry) return { installer: { type: 'pep621', dependencies }, names: new Set(names) };
  // Poetry 2 may list dependencies under [project] as well as its own table. Its `python` key comes
  // along, harmless: the names are only asked about frameworks and servers.
  const poetryNames = tomlKeys(tables.get('tool.poetry.dependencies') ?? []).map(normalizeName);
  return {
    installer: { type: 'poetry', lockfile: tree.exists('poetry.lock') },
    names: new Set([...names, ...poetryNames]),
  };
}

function detectPythonApp(tree: SourceTree, names: ReadonlySet<string>): PythonApp {
  if (tree.exists('manage.py') || names.has('django')) {
    const project = djangoProject(tree);
    if (project === null) return { type: 'unknown' };
    return { type: 'django', project, settings: djangoSettings(tree, project), serverDeclared: names.has('gunicorn'), staticServerDeclared: names.has('whitenoise') };
  }
  const streamlit = names.has('streamlit') ? STREAMLIT_SCRIPTS.find((file) => IMPORTS_STREAMLIT.test(tree.readText(file) ?? '')) : undefined;
  if (streamlit !== undefined) return { type: 'streamlit', file: streamlit };
  if (names.has('python-fasthtml')) return withAppModule(tree, (module) => ({ type: 'fasthtml', module }));
  if (names.has('fastapi')) {
    return withAppModule(tree, (module) => ({ type: 'fastapi', module, serverDeclared: names.has('uvicorn') }));
  }
  if (names.has('flask')) {
    return withAppModule(tree, (module) => ({ type: 'flask', module, serverDeclared: names.has('gunicorn') }));
  }
  const script = SCRIPTS.find((file) => tree.exists(file));
  return script === undefined ? { type: 'unknown' } : { type: 'script', file: script };
}

function withAppModule(tree: SourceTree, app: (module: string) => PythonApp): PythonApp {
  const file = APP_MODULES.find((candidate) => tree.exists(candidate));
  return file === undefined ? { type: 'unknown' } : app(file.slice(0, -'.py'.length));
}

/**
 * The package holding wsgi.py: the one manage.py's DJANGO_SETTINGS_MODULE names ("mysite.settings",
 * "config.settings.local"), else the only top-level directory with a wsgi.py.
 */
function djangoProject(tree: SourceTree): string | null {
  const named = SETTINGS_MODULE.exec(tree.readText('manage.py') ?? '')?.[1]?.split('.')[0];
  if (named !== undefined && tree.exists(`${named}/wsgi.py`)) return named;
  const candidates = tree.list('').filter((name) => IDENTIFIER.test(name) && tree.exists(`${name}/wsgi.py`));
  return candidates.length === 1 ? (candidates[0] as string) : null;
}

/**
 * The settings the project's wsgi.py names, which are its production ones (cookiecutter-django's
 * manage.py names local settings, its wsgi.py production), else manage.py's if in the project, else
 * <project>.settings, as startproject writes it.
 */
function djangoSettings(tree: SourceTree, project: string): string {
  const named = (file: string) => SETTINGS_MODULE.exec(tree.readText(file) ?? '')?.[1];
  const manage = named('manage.py');
  return named(`${project}/wsgi.py`) ?? (manage?.startsWith(`${project}.`) ? manage : undefined) ?? `${project}.settings`;
}
