import { describe, expect, it } from 'vitest';
import {
  normalizeName,
  requirementName,
  requirementsNames,
  tomlDependencyArray,
  tomlKeys,
  tomlTables,
} from './python-manifests.js';

describe('normalizeName', () => {
  it('folds case and collapses each run of -, _ and . into one -, as pip compares names', () => {
    expect(['Django', 'zope.interface', 'Foo__Bar', 'a-_.b'].map(normalizeName)).toEqual([
      'django',
      'zope-interface',
      'foo-bar',
      'a-b',
    ]);
  });
});

describe('requirementsNames', () => {
  it('reads normalised names and skips options, includes, local paths and comments', () => {
    const text = [
      '# web',
      'Django>=5.0,<6  # pinned below 6',
      'psycopg[binary]==3.1.18',
      'django_rest.framework',
      '-r dev.txt',
      '-e git+https://example.com/lib.git#egg=lib',
      '--hash=sha256:abc',
      './vendor/mylib-1.0.whl',
      '  requests  ',
      '',
    ].join('\n');
    expect(requirementsNames(text)).toEqual(['django', 'psycopg', 'django-rest-framework', 'requests']);
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
    '  [project]  # the package',
    'name = "app"',
    'dependencies = [',
    '  "fastapi[standard]>=0.110",  # the API',
    "  'sqlalchemy>=2',",
    ']',
    'matrix = [',
    '  ["a"], ["b"],',
    ']',
    '[tool.poetry.dependencies]',
    'python = "^3.11"',
    '"flask" = "*"',
    "'Django-Rest'=\"*\"",
    '[[tool.poetry.source]]',
    'name = "private"',
    '[[tool.poetry.source]]',
    'name = "mirror"',
  ].join('\n');

  it('groups lines by table: indented and commented headers, arrays of tables kept apart and gathered', () => {
    expect(Object.fromEntries(tomlTables(pyproject))).toEqual({
      '': ['name = "top"'],
      project: [
        'name = "app"',
        'dependencies = [',
        '  "fastapi[standard]>=0.110",  # the API',
        "  'sqlalchemy>=2',",
        ']',
        'matrix = [',
        '  ["a"], ["b"],',
        ']',
      ],
      'tool.poetry.dependencies': ['python = "^3.11"', '"flask" = "*"', "'Django-Rest'=\"*\""],
      '[tool.poetry.source]': ['name = "private"', 'name = "mirror"'],
    });
  });

  it('reads bare, double- and single-quoted keys, with or without spaces, and no array items', () => {
    expect(tomlKeys(tomlTables(pyproject).get('tool.poetry.dependencies') ?? [])).toEqual([
      'python',
      'flask',
      'Django-Rest',
    ]);
    expect(tomlKeys(['deps = [', '  "django==5",', ']'])).toEqual(['deps']);
  });

  it('reads a dependencies array across lines, extras brackets and comments included', () => {
    expect(tomlDependencyArray(tomlTables(pyproject).get('project') ?? [])).toEqual([
      'fastapi[standard]>=0.110',
      'sqlalchemy>=2',
    ]);
    expect(tomlDependencyArray(['dependencies = []'])).toEqual([]);
    expect(tomlDependencyArray(['name = "x"'])).toEqual([]);
  });

  it('reads only the dependencies key itself, however it is spaced', () => {
    const lines = [
      'keywords = ["web"]',
      '# dependencies = ["old"]',
      'dev-dependencies = ["pytest"]',
      '  dependencies=["flask"]',
    ];
    expect(tomlDependencyArray(lines)).toEqual(['flask']);
  });

  it("does not read a comment's quotes as strings", () => {
    expect(tomlDependencyArray(['dependencies = [', "  \"flask\",  # don't pin ] yet", '  "gunicorn",', ']'])).toEqual([
      'flask',
      'gunicorn',
    ]);
  });

  it('ends at the text of an array left open by a comment or string', () => {
    expect(tomlDependencyArray(['dependencies = ["flask",  # unterminated'])).toEqual(['flask']);
    expect(tomlDependencyArray(['dependencies = ["flask", "gunicorn'])).toEqual(['flask']);
  });
});
