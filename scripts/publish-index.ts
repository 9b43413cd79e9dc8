// CLI: validate every results bundle in public/results/ and write the index the site shows as "Published replications".
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseBundleText } from '../src/lib/core/bundle/validate';
import {
  PUBLISHED_INDEX_FILE,
  buildPublishedIndex,
  isPublishableName,
  publishedEntry,
  type PublishedIndex,
} from '../src/lib/core/sources/published';

const USAGE = `Usage: npm run publish-index [-- --dir public/results]

Validates each *.json results bundle in the folder (exactly like an import in the app) and writes
<dir>/index.json listing them with their provenance. Any invalid bundle stops the script with its errors
and leaves the old index untouched. Format: docs/results-format.md ("Published replications").`;

export interface PublishOutcome {
  index: PublishedIndex;
  errors: string[];
}

/** Build the index for a folder; errors name each rejected file. */
export function indexFolder(dir: string, now = new Date()): PublishOutcome {
  const errors: string[] = [];
  const entries = [];
  for (const file of readdirSync(dir).sort()) {
    if (file === PUBLISHED_INDEX_FILE || !file.endsWith('.json')) continue;
    if (!isPublishableName(file)) {
      errors.push(`${file}: rename it to letters, digits, ".", "_" or "-" ending in .json`);
      continue;
    }
    const path = join(dir, file);
    const bytes = statSync(path).size;
    const check = parseBundleText(readFileSync(path, 'utf8'), bytes);
    if (!check.ok) {
      errors.push(`${file}: ${check.errors.slice(0, 5).join('; ')}`);
      continue;
    }
    entries.push(publishedEntry(file, check.bundle, bytes));
  }
  return { index: buildPublishedIndex(entries, now), errors };
}

function main(): void {
  const { values } = parseArgs({
    options: { dir: { type: 'string', default: 'public/results' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dir = values.dir!;
  const { index, errors } = indexFolder(dir);
  if (errors.length) {
    process.stderr.write(`Not published; fix these bundles first:\n${errors.map((e) => `  ${e}`).join('\n')}\n`);
    process.exit(1);
  }
  writeFileSync(join(dir, PUBLISHED_INDEX_FILE), `${JSON.stringify(index, null, 1)}\n`);
  process.stdout.write(
    `Wrote ${join(dir, PUBLISHED_INDEX_FILE)}: ${index.bundles.length} bundle(s)` +
      index.bundles.map((b) => `\n  ${b.file}: ${b.samples} samples, ${b.runs} runs, by ${b.who}`).join('') +
      '\n',
  );
}

if (process.argv[1] && /publish-index\.ts$/.test(process.argv[1])) main();
