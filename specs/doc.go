// Package specs holds the operation contracts of ecs-conformance as data: one
// YAML file per operation under ecs/, transcribed from the documentation, and
// the Go types they load into. Everything else in the project — the schemas,
// the emulator's validation, the conformance suites — is derived from here, so
// the loader is strict: an unknown key, a missing field or a dangling
// reference is an error that names the file and line.
package specs
