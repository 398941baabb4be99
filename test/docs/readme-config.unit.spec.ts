import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../../libs/platform/src/config/config.schema';

// The README's configuration table is what operators read: it must name every variable the code reads, and no other.
const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const configurationSection = readme.split('## Configuration')[1]?.split('\n## ')[0] ?? '';
const documented = [...configurationSection.matchAll(/^\| `([A-Z0-9_]+)`/gm)].map((match) => match[1] ?? '');
const variables = Object.keys(configSchema.shape);

describe('README configuration table', () => {
  it('documents every configuration variable', () => {
    expect(variables.filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('documents no variable the code does not read', () => {
    expect(documented.filter((name) => !variables.includes(name))).toEqual([]);
  });
});
