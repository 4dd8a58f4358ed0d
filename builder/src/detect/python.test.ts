import { describe, expect, it } from 'vitest';
import type { PythonDetection } from './detection.js';
import { memoryTree } from './memory-tree.test-support.js';
import { detectPython } from './python.js';

function python(files: Record<string, string>): PythonDetection {
  const detection = detectPython(memoryTree(files));
  if (detection === null) throw new Error('expected a Python detection');
  return detection;
}

const MANAGE_PY = `import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n`;

describe('Python installer', () => {
  it('is not a Python project without a manifest', () => {
    expect(detectPython(memoryTree({ 'main.py': '' }))).toBeNull();
  });

  it('uses requirements.txt first, even beside a pyproject.toml', () => {
    expect(python({ 'requirements.txt': 'flask', 'pyproject.toml': '[tool.poetry]' }).installer).toEqual({ type: 'requirements' });
  });

  it('reads PEP 621 dependencies to install them as listed', () => {
    const pyproject = '[project]\nname = "api"\ndependencies = ["fastapi>=0.110", "uvicorn[standard]"]\n';
    expect(python({ 'pyproject.toml': pyproject }).installer).toEqual({
      type: 'pep621',
      dependencies: ['fastapi>=0.110', 'uvicorn[standard]'],
    });
  });

  it('knows Poetry by its table, and whether it is locked', () => {
    const pyproject = '[tool.poetry]\nname = "api"\n\n[tool.poetry.dependencies]\npython = "^3.11"\n';
    expect(python({ 'pyproject.toml': pyproject }).installer).toEqual({ type: 'poetry', lockfile: false });
    expect(python({ 'pyproject.toml': pyproject, 'poetry.lock': '' }).installer).toEqual({ type: 'poetry', lockfile: true });
    expect(python({ 'pyproject.toml': '[tool.poetry.dependencies]\nflask = "*"\n' }).installer.type).toBe('poetry');
  });

  it('knows Poetry by a bare [tool.poetry] table too, reading [project] dependencies for the framework', () => {
    const pyproject = '[project]\nname = "api"\ndependencies = ["flask"]\n\n[tool.poetry]\npackage-mode = false\n';
    expect(python({ 'pyproject.toml': pyproject, 'app.py': '' })).toEqual({
      kind: 'python',
      installer: { type: 'poetry', lockfile: false },
      app: { type: 'flask', module: 'app', serverDeclared: false },
    });
  });

  it('uses uv when uv.lock is there, whatever tables an older tool left in pyproject.toml', () => {
    const pyproject = '[project]\nname = "api"\ndependencies = ["fastapi"]\n\n[tool.poetry]\nname = "api"\n';
    const detection = python({ 'pyproject.toml': pyproject, 'uv.lock': '', 'main.py': '' });
    expect(detection.installer).toEqual({ type: 'uv' });
    expect(detection.app).toEqual({ type: 'fastapi', module: 'main', serverDeclared: false });
  });

  it('uses Pipenv for a Pipfile', () => {
    expect(python({ Pipfile: '[packages]\nflask = "*"\n', 'Pipfile.lock': '{}' }).installer).toEqual({ type: 'pipenv', lockfile: true });
  });
});

describe('Python app', () => {
  it("finds a Django project from manage.py's settings module", () => {
    const app = python({ 'requirements.txt': 'Django\ngunicorn==22\nwhitenoise', 'manage.py': MANAGE_PY, 'mysite/wsgi.py': '' }).app;
    expect(app).toEqual({ type: 'django', project: 'mysite', settings: 'mysite.settings', serverDeclared: true, staticServerDeclared: true });
  });

  it("follows manage.py's settings module however it is quoted and spaced, among several projects", () => {
    const settings = [
      `os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')`,
      `os.environ.setdefault("DJANGO_SETTINGS_MODULE" , "mysite.settings.local")`,
      `os.environ.setdefault('DJANGO_SETTINGS_MODULE','mysite.settings')`,
    ];
    const apps = settings.map(
      (line) => python({ 'requirements.txt': 'django', 'manage.py': `import os\n${line}\n`, 'mysite/wsgi.py': '', 'other/wsgi.py': '' }).app,
    );
    expect(apps.map((app) => app.type === 'django' && app.settings)).toEqual(['mysite.settings', 'mysite.settings.local', 'mysite.settings']);
    expect(apps.map((app) => app.type === 'django' && app.project)).toEqual(['mysite', 'mysite', 'mysite']);
  });

  it('does not take a settings module whose package has no wsgi.py', () => {
    const files = { 'requirements.txt': 'django', 'manage.py': MANAGE_PY, 'mysite/settings.py': '', 'other/wsgi.py': '' };
    expect(python(files).app).toEqual({ type: 'django', project: 'other', settings: 'other.settings', serverDeclared: false, staticServerDeclared: false });
  });

  it('knows Django by manage.py alone or by the dependency alone', () => {
    expect(python({ 'requirements.txt': 'gunicorn', 'manage.py': MANAGE_PY, 'mysite/wsgi.py': '', 'main.py': '' }).app).toEqual({
      type: 'django',
      project: 'mysite',
      settings: 'mysite.settings',
      serverDeclared: true,
      staticServerDeclared: false,
    });
    expect(python({ 'requirements.txt': 'Django', 'config/wsgi.py': '', 'main.py': '' }).app).toEqual({
      type: 'django',
      project: 'config',
      settings: 'config.settings',
      serverDeclared: false,
      staticServerDeclared: false,
    });
  });

  it('finds a Django project from the only directory with a wsgi.py', () => {
    const files = { 'requirements.txt': 'django', 'manage.py': '', 'config/wsgi.py': '', 'blog/models.py': '' };
    expect(python(files).app).toEqual({ type: 'django', project: 'config', settings: 'config.settings', serverDeclared: false, staticServerDeclared: false });
  });

  it('does not guess between several Django projects', () => {
    const files = { 'requirements.txt': 'django', 'manage.py': '', 'one/wsgi.py': '', 'two/wsgi.py': '' };
    expect(python(files).app).toEqual({ type: 'unknown' });
  });

  it('finds FastAPI and Flask apps in the first of app.py, main.py, wsgi.py, asgi.py', () => {
    expect(python({ 'requirements.txt': 'fastapi\nuvicorn', 'main.py': '' }).app).toEqual({
      type: 'fastapi',
      module: 'main',
      serverDeclared: true,
    });
    expect(python({ Pipfile: '[packages]\nFlask = "*"\n', 'app.py': '', 'main.py': '' }).app).toEqual({
      type: 'flask',
      module: 'app',
      serverDeclared: false,
    });
    expect(python({ 'requirements.txt': 'flask', 'src/app.py': '' }).app).toEqual({ type: 'unknown' });
    expect(python({ 'requirements.txt': 'flask\ngunicorn', 'wsgi.py': '' }).app).toEqual({
      type: 'flask',
      module: 'wsgi',
      serverDeclared: true,
    });
  });

  it('finds a FastHTML app, from requirements or pyproject, before the script it would otherwise be run as', () => {
    expect(python({ 'requirements.txt': 'python-fasthtml', 'main.py': '' }).app).toEqual({ type: 'fasthtml', module: 'main' });
    const pyproject = '[project]\nname = "site"\ndependencies = ["python_fasthtml>=0.12"]\n';
    expect(python({ 'pyproject.toml': pyproject, 'app.py': '' }).app).toEqual({ type: 'fasthtml', module: 'app' });
  });

  it('reads Poetry dependency names for the framework', () => {
    const pyproject = '[tool.poetry.dependencies]\npython = "^3.12"\nfastapi = "^0.110"\n';
    expect(python({ 'pyproject.toml': pyproject, 'asgi.py': '' }).app).toEqual({ type: 'fastapi', module: 'asgi', serverDeclared: false });
  });

  it('runs a plain main.py or app.py as a script, and otherwise does not know', () => {
    expect(python({ 'requirements.txt': 'requests', 'main.py': '' }).app).toEqual({ type: 'script', file: 'main.py' });
    expect(python({ 'requirements.txt': 'requests', 'bot.py': '' }).app).toEqual({ type: 'unknown' });
  });
});
