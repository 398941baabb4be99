import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';

const newDocument = `# Benchmarks

Measured figures, one section per benchmark script. Each script rewrites only its own section.
`;

/** Replaces (or appends) the `## heading` section of a markdown file, leaving the other sections alone. */
export async function writeSection(file: string, heading: string, body: string): Promise<string> {
  const current = existsSync(file) ? await readFile(file, 'utf8') : newDocument;
  const lines = current.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  const section = `${heading}\n\n${body.trim()}\n`;
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const after = lines.findIndex((line, index) => index > start && /^## /.test(line));
    const before = lines.slice(0, start).join('\n').trimEnd();
    const rest = after === -1 ? '' : lines.slice(after).join('\n');
    next = [before, section, rest].filter((part) => part.length > 0).join('\n\n');
  }
  const options = (await resolveConfig(file)) ?? {};
  const formatted = await format(next, { ...options, filepath: file });
  await writeFile(file, formatted);
  return sectionOf(formatted, heading);
}

function sectionOf(document: string, heading: string): string {
  const lines = document.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  const after = lines.findIndex((line, index) => index > start && /^## /.test(line));
  return lines
    .slice(start, after === -1 ? undefined : after)
    .join('\n')
    .trimEnd();
}
