import { describe, expect, it } from 'vitest';
import { requirementName, requirementsNames, tomlDependencyArray, tomlKeys, tomlTables } from './python-manifests.js';

describe('requirementsNames', () => {
  it('reads normalised names and skips options, includes and comments', () => {
    const text = [
      '# web',
      'Django>=5.0,<6  # pinned below 6',
      'psycopg[binary]==3.1.18',
      'django_rest.framework',
      '-r dev.txt',
      '-e git+https://example.com/lib.git#egg=lib',
      '--hash=sha256:abc',
      '',
    ].join('\n');
    expect(requirementsNames(text)).toEqual(['django', 'psycopg', 'django-rest-framework']);
  });
});

describe('requirementName', () => {
  it('takes the distribution name of a PEP 508 requirement', () => {
    expect(requirementName('FastAPI[standard]>=0.110')).toBe('fastapi');
    expect(requirementName('uvicorn ; python_version > "3.8"')).toBe('uvicorn');
    expect(requirementName('  ')).toBeNull();
  });
});

describe('TOML reading', () => {
  const pyproject = [
    'name = "top"',
    '[project]',
    'name = "app"',
    'dependencies = [',
    '  "fastapi[standard]>=0.110",  # the API',
    "  'sqlalchemy>=2',",
    ']',
    'optional = ["not-this"]',
    '[tool.poetry.dependencies]',
    'python = "^3.11"',
    '"flask" = "*"',
    '[[tool.poetry.source]]',
    'name = "private"',
  ].join('\n');
  const tables = tomlTables(pyproject);

  it('groups lines by table, keeping arrays of tables apart', () => {
    expect([...tables.keys()]).toEqual(['', 'project', 'tool.poetry.dependencies', '[tool.poetry.source]']);
    expect(tomlKeys(tables.get('tool.poetry.dependencies') ?? [])).toEqual(['python', 'flask']);
  });

  it('reads a dependencies array across lines, extras brackets and comments included', () => {
    expect(tomlDependencyArray(tables.get('project') ?? [])).toEqual(['fastapi[standard]>=0.110', 'sqlalchemy>=2']);
    expect(tomlDependencyArray(['dependencies = []'])).toEqual([]);
    expect(tomlDependencyArray(['name = "x"'])).toEqual([]);
  });
});
