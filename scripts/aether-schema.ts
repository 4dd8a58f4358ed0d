// Writes docs/aether.schema.json from the contract's schema; a unit test checks the file matches it.
import { writeFileSync } from 'node:fs';
import { repositorySettingsJsonSchema } from '../contract/repository-settings.js';

writeFileSync(new URL('../docs/aether.schema.json', import.meta.url), `${JSON.stringify(repositorySettingsJsonSchema(), null, 2)}\n`);
