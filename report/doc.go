// Package report renders the closing reports of a conformance run from one
// Document: the results file (JSON, described by the JSON Schema checked in
// beside it, results.schema.json), a self-contained HTML page for a
// reviewer's browser, and a Markdown summary for a CI job's summary
// ($GITHUB_STEP_SUMMARY). It only renders: package suites builds the
// Document from Ginkgo's report, so this package knows neither Ginkgo nor
// the targets.
package report
