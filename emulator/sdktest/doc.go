// Package sdktest holds no code: its tests check the reference emulator
// against the official clients a user would point at it, over a real
// loopback socket, the way the clients themselves decode answers.
//
//   - The Go SDK v7 (github.com/alibabacloud-go/ecs-20140526/v7), in both of
//     its signing modes: V3 (ACS3-HMAC-SHA256, the default) and RPC
//     (SignatureAlgorithm "v2", HMAC-SHA1). Every filter of the contract, both
//     paging modes, DryRun, and every documented error code that such a
//     client can provoke, decoded into the SDK's own types.
//   - The npm SDK @alicloud/ecs20140526, through the script in npm/ run with
//     node. Locally the test skips when node or npm/node_modules is missing;
//     with CI=true it fails instead.
//   - Many concurrent clients (internal/client, both schemes) paging and
//     filtering against one emulator, for go test -race.
//
// To install what the npm test needs (package-lock.json pins every version):
//
//	npm ci --ignore-scripts --prefix emulator/sdktest/npm
//
// Expected results come from the embedded fixture (store.Default), filtered
// in the test by the match rules the contract gives for each filter, never
// by asking the emulator's store: a bug shared by the store and its own
// tests cannot hide here.
package sdktest
