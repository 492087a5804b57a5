// Package browsertest opens the HTML report of a real run in headless
// Chromium, checks what a reviewer sees and keeps a screenshot. It is a
// module of its own so that chromedp stays out of the main module's build:
// make test runs it, CI installs Debian's chromium for it.
package browsertest
