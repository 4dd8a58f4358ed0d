import { describe, expect, it } from 'vitest';
import { refusedImageLabel, refusedLabelMessage } from './image-labels.js';

const owner = { instance: 'aether', projectId: '11111111-2222-4333-8444-555555555555' };
const keyOf = (labels: Record<string, string>) => refusedImageLabel(labels, owner)?.key ?? null;

describe('refusedImageLabel', () => {
  it('refuses an image that routes the dashboard’s host to itself', () => {
    const labels = { 'traefik.http.routers.x.rule': 'Host(`aether.example.com`)', 'traefik.http.routers.x.priority': '100000' };
    expect(keyOf(labels)).toBe('traefik.http.routers.x.priority');
  });

  it('refuses every label under Traefik’s root, whatever its case, as Traefik reads them', () => {
    for (const key of [
      'traefik.enable',
      'traefik',
      'Traefik.http.services.victim.loadbalancer.server.port',
      'TRAEFIK.HTTP.ROUTERS.X.RULE',
      'traefik.docker.network',
      'traefik.tcp.routers.x.rule',
      'traefi\u212a.http.routers.x.rule',
    ]) {
      expect(keyOf({ [key]: 'x' }), key).toBe(key);
    }
  });

  it('refuses an image that would pass for one of the install’s Compose services', () => {
    expect(keyOf({ 'com.docker.compose.service': 'traefik' })).toBe('com.docker.compose.service');
    expect(keyOf({ 'com.docker.compose.project': 'aether' })).toBe('com.docker.compose.project');
  });

  it('refuses Aether’s own labels naming another install or project, and keeps the builder’s', () => {
    expect(keyOf({ 'dev.aether.instance': 'other' })).toBe('dev.aether.instance');
    expect(keyOf({ 'dev.aether.project': '99999999-2222-4333-8444-555555555555' })).toBe('dev.aether.project');
    const builders = { 'dev.aether.instance': 'aether', 'dev.aether.project': owner.projectId, 'dev.aether.deployment': 'an earlier deployment, for a rollback' };
    expect(keyOf(builders)).toBeNull();
  });

  it('lets an ordinary image through', () => {
    expect(keyOf({ maintainer: 'someone', 'org.opencontainers.image.source': 'https://github.com/x/y', 'com.example.traefik.note': 'not Traefik’s' })).toBeNull();
    expect(refusedImageLabel(null, owner)).toBeNull();
    expect(refusedImageLabel(undefined, owner)).toBeNull();
  });

  it('names the first offending label in alphabetical order, whatever order the image lists them in', () => {
    const offending = [
      ['traefik.enable', 'true'],
      ['com.docker.compose.service', 'db'],
    ] as const;
    expect(keyOf(Object.fromEntries(offending))).toBe('com.docker.compose.service');
    expect(keyOf(Object.fromEntries([...offending].reverse()))).toBe('com.docker.compose.service');
  });

  it('says why each label is refused', () => {
    expect(['traefik.enable', 'com.docker.compose.service', 'dev.aether.instance', 'dev.aether.project'].map((key) => refusedImageLabel({ [key]: 'other' }, owner))).toEqual([
      { key: 'traefik.enable', why: 'Traefik would read as routing; Aether writes every route itself' },
      { key: 'com.docker.compose.service', why: "Docker Compose would read as one of the install's own services" },
      { key: 'dev.aether.instance', why: 'names another Aether install' },
      { key: 'dev.aether.project', why: 'names another project' },
    ]);
  });

  it('names the label in the reason the user reads', () => {
    const message = refusedLabelMessage(refusedImageLabel({ 'traefik.http.routers.x.rule': 'Host(`a`)' }, owner)!);
    expect(message).toContain('"traefik.http.routers.x.rule"');
    expect(message).toMatch(/Traefik/);
  });
});
