import { describe, expect, it } from 'vitest';
import { DetectionError } from './detection.js';
import { detectExpo } from './expo.js';
import { memoryTree } from './memory-tree.test-support.js';
import { parsePackageJson } from './package-json.js';
import { SINGLE_PAGE } from './static-routing.js';

const EXPO_WEB = { dependencies: { expo: '~57.0.26', 'expo-router': '~57.0.24', 'react-native-web': '~0.21.0', 'react-dom': '19.2.3' }, scripts: { start: 'expo start' } };
const expo = (files: Record<string, string>, pkg: object = EXPO_WEB) => detectExpo(memoryTree(files), parsePackageJson(JSON.stringify(pkg)));
const appJson = (web: object) => JSON.stringify({ expo: { name: 'shop', web } });

describe('Expo apps', () => {
  it('serves the web export in dist/, a page per route with +not-found.html when web.output is static', () => {
    expect(expo({ 'app.json': appJson({ output: 'static', favicon: './assets/favicon.png' }) })).toEqual({
      type: 'static',
      framework: 'expo',
      outputDir: 'dist',
      routing: { type: 'multi-page', notFound: '+not-found.html' },
    });
  });

  it('serves the single output, the default, as a single-page app', () => {
    expect(expo({ 'app.json': appJson({ output: 'single' }) })).toMatchObject({ routing: SINGLE_PAGE });
    expect(expo({ 'app.json': appJson({}) })).toMatchObject({ routing: SINGLE_PAGE });
    expect(expo({})).toMatchObject({ routing: SINGLE_PAGE });
    // Top-level settings, without the expo key.
    expect(expo({ 'app.json': JSON.stringify({ web: { output: 'static' } }) })).toMatchObject({ routing: { type: 'multi-page' } });
    for (const text of ['null', '{ "expo": { "web": null } }', '{ "expo": [] }']) expect(expo({ 'app.json': text })).toMatchObject({ routing: SINGLE_PAGE });
  });

  it('reads the literal output of a dynamic app.config without running it', () => {
    const config = "export default ({ config }) => ({ ...config, web: { output: 'static' } });";
    expect(expo({ 'app.config.ts': config })).toMatchObject({ routing: { type: 'multi-page' } });
    // app.json without the setting, which the config then adds, written with or without spaces.
    for (const literal of ["web: { output : 'static' }", 'web:{output:"static"}']) {
      expect(expo({ 'app.json': appJson({}), 'app.config.js': `export default ({ config }) => ({ ...config, ${literal} });` })).toMatchObject({
        routing: { type: 'multi-page' },
      });
    }
  });

  it('says what to do when there is no web build to deploy, or one Aether does not run', () => {
    expect(() => expo({}, { dependencies: { expo: '57', 'react-native': '0.86' } })).toThrow(/no web build to deploy: it does not depend on react-native-web/);
    expect(() => expo({ 'app.json': appJson({ output: 'server' }) })).toThrow(/web\.output is server, which Aether does not run/);
    expect(() => expo({ 'app.json': '{ nope' })).toThrow(DetectionError);
    expect(() => expo({ 'app.json': '{ nope' })).toThrow(/^app\.json is not valid JSON: /);
  });

  it('is not Expo without the expo package', () => {
    expect(expo({ 'app.json': appJson({ output: 'static' }) }, { dependencies: { react: '19' } })).toBeNull();
  });
});
