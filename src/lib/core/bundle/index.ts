// Public surface of the bundle module: validation, export, merge, CSV and the original-harness conversion.
export { bundleJsonSchema, BUNDLE_SPEC, ID_PATTERN, CONDITION_PATTERN } from './bundle-spec';
export { MAX_BUNDLE_BYTES, parseBundleText, validateBundle, crossRecordErrors, type BundleCheck } from './validate';
export {
  buildBundle,
  bundleFileName,
  cleanBaseUrl,
  cleanRun,
  cleanSample,
  newBundleId,
  type BundleMeta,
} from './export';
export {
  planMerge,
  joinClassifications,
  joinOverrides,
  MAX_LISTED,
  type MergePlan,
  type MergeReport,
  type MergeCounts,
  type MergeConflict,
} from './merge';
export { fitBundle, fitRun, fitSample } from './fit';
export { sampleHash, canonicalJson } from './sample-hash';
export { samplesCsv, csvRow, CSV_HEADER } from './csv-rows';
export { convertOriginalResults, parseResponsePath, type ResponseFile, type OriginalConversion } from './original';
