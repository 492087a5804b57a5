// Package clients holds no code: its tests drive real Alibaba Cloud clients —
// the Go SDK v7 (V3 and v2 signatures), the legacy Go SDK
// github.com/aliyun/alibaba-cloud-sdk-go (GET and POST), the npm SDK
// @alicloud/ecs20140526 (V3 and v2) and @alicloud/pop-core (GET and POST) —
// through `conformance proxy` and `conformance replay-server`, end to end:
//
//   - one scripted scenario per client (a plain call, a NextToken walk, a
//     PageNumber walk, a VpcId filter, a Tag filter, an error, DryRun, a call
//     with a wrong secret) recorded through the proxy against an emulator on
//     loopback, then played back with the emulator gone: the client must see
//     the same results;
//   - each client's plain call, filter and error served by the replay server
//     from the committed suite cassettes, without an injected fault.
//
// It is a module of its own so that the SDKs (the legacy one is large) stay
// out of the default build: `make conformance` never compiles them, `make
// test` and CI run them (make test-clients). The npm clients need
// `npm ci --ignore-scripts --prefix clients/npm`; without it the npm tests
// skip locally and fail with CI=true.
package clients
