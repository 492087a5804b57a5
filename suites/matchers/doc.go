// Package matchers holds the Gomega matchers of the conformance suite, one per
// file. Their failure messages name the offending field path and value, so a
// failing spec says what the endpoint did wrong without a debugger.
package matchers
