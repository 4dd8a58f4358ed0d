import { describe, expect, it } from 'vitest';
import type { DetectionReply } from '../../../control/src/api/replies.js';
import { detectedPlaceholders, detectionLine, detectionRequest, formFieldOf } from './detection-preview.js';

const express: DetectionReply = {
  framework: 'Express',
  kind: 'node',
  rootDirectory: '',
  installCommand: 'npm ci',
  buildCommand: null,
  startCommand: 'npm run start',
  outputDir: null,
  port: 3000,
  repositorySettings: null,
};

describe('detectedPlaceholders', () => {
  it('shows each detected value, and what a step that does not run means', () => {
    expect(detectedPlaceholders(express)).toEqual({ installCommand: 'npm ci', buildCommand: 'None', startCommand: 'npm run start', outputDir: 'None', port: '3000' });
  });

  it('says a static build is served, and leaves what an own Dockerfile decides to it', () => {
    const vite = { ...express, framework: 'Vite', buildCommand: 'npm run build', startCommand: null, outputDir: 'dist', port: 8080 };
    expect(detectedPlaceholders(vite)).toMatchObject({ startCommand: 'None: the built files are served', outputDir: 'dist', port: '8080' });
    const own = { ...express, framework: 'Dockerfile', kind: 'dockerfile' as const, installCommand: null, startCommand: null, port: 80 };
    expect(detectedPlaceholders(own)).toEqual({ installCommand: 'As the Dockerfile says', buildCommand: 'As the Dockerfile says', startCommand: 'As the Dockerfile says', outputDir: 'As the Dockerfile says', port: '80' });
  });

  it('promises detection before there is one, and for a monorepo root', () => {
    expect(detectedPlaceholders(undefined).port).toBe('Detected automatically');
    expect(detectedPlaceholders({ ...express, kind: 'workspace', candidates: ['apps/web'] }).installCommand).toBe('Detected automatically');
  });
});

describe('detectionLine', () => {
  it('names the framework, and the folder when it is not the root', () => {
    expect(detectionLine(express)).toBe('Detected Express');
    expect(detectionLine({ ...express, rootDirectory: 'apps/api' })).toBe('Detected Express in apps/api');
    expect(detectionLine({ ...express, kind: 'workspace', candidates: [] })).toMatch(/^Detected a monorepo/);
  });

  it("names the settings the repository's aether.json sets", () => {
    const configured = { ...express, repositorySettings: { startCommand: 'node main.js', port: 8000 } };
    expect(detectionLine(configured)).toBe('Detected Express, with startCommand, port from aether.json');
  });
});

describe('detectionRequest', () => {
  it('sends only what the user filled, trimmed', () => {
    expect(detectionRequest(' https://x.test/a.git ', { branch: '', rootDirectory: ' ' })).toEqual({ repository: 'https://x.test/a.git' });
    expect(detectionRequest('https://x.test/a.git', { branch: 'dev', rootDirectory: 'apps/web' })).toEqual({ repository: 'https://x.test/a.git', branch: 'dev', rootDirectory: 'apps/web' });
  });
});

describe('formFieldOf', () => {
  it('names settings as the form does', () => {
    expect(formFieldOf('branch')).toBe('branch');
    expect(formFieldOf('startCommand')).toBe('settings.startCommand');
    expect(formFieldOf(undefined)).toBeUndefined();
  });
});
