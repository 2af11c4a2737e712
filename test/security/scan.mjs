// Runs @doyensec/electronegativity over one input and prints its findings as one JSON line on stdout (the
// tool's own chatter goes to stderr). It exits 0 whatever it finds, so the caller must count the findings.
// The check that downloads Electron's release list (AvailableSecurityFixesGlobalCheck) is excluded: no
// network here, and the Electron version is pinned by package-lock.json anyway.
import run from '@doyensec/electronegativity';

const [input, electronVersion] = process.argv.slice(2);
// The tool prints banners and progress with console.log; keep stdout for the result alone.
console.log = console.error; // eslint-disable-line no-console
run({
  input,
  isRelative: true,
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  electronVersionOverride: electronVersion,
  severitySet: 'informational',
  confidenceSet: 'tentative',
  parserPlugins: [],
})
  .then((result) => {
    const findings = result.issues.map((issue) => ({
      id: issue.id,
      file: issue.file,
      line: issue.location?.line ?? null,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      manualReview: issue.manualReview,
      description: issue.description,
      sample: typeof issue.sample === 'string' ? issue.sample.slice(0, 160) : null,
    }));
    const errors = result.errors.map((error) => ({ file: error.file, message: error.message, tolerable: error.tolerable }));
    process.stdout.write(`${JSON.stringify({ globalChecks: result.globalChecks, atomicChecks: result.atomicChecks, findings, errors })}\n`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(2);
  });
