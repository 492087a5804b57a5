package cassettes_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// secrets are every credential the recordings were made with: none may
// appear in a cassette, in any field.
var secrets = []string{
	emulator.DefaultAccessKeySecret, emulator.SecondAccessKeySecret, emulator.DisabledAccessKeySecret,
	emulator.DeniedAccessKeySecret, emulator.STSAccessKeySecret, emulator.STSSecurityToken,
	emulator.DefaultAccessKeyID, emulator.SecondAccessKeyID, emulator.DisabledAccessKeyID,
	emulator.DeniedAccessKeyID, emulator.STSAccessKeyID,
}

func TestCassettesHoldNoSecrets(t *testing.T) {
	findings, err := vcr.ScanSecrets(".", secrets...)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("secret-looking value in a cassette: %s", f)
	}
}

// TestRecordedAnswersMatchTheSchemas reports drift: a recorded answer that
// today's contract of the operation called no longer accepts.
func TestRecordedAnswersMatchTheSchemas(t *testing.T) {
	checked := checkDrift(t)
	t.Logf("%d recorded answers checked against the schemas", checked)
}

// The whole drift check and the whole secret scan, as a measured command
// (go test -run '^$' -bench . -benchtime 3x ./cassettes/), with and
// without -race: make test runs these checks without it.
func BenchmarkDriftCheck(b *testing.B) {
	for b.Loop() {
		checkDrift(b)
	}
}

func BenchmarkSecretScan(b *testing.B) {
	for b.Loop() {
		if _, err := vcr.ScanSecrets(".", secrets...); err != nil {
			b.Fatal(err)
		}
	}
}

// checkDrift validates every recorded answer and returns how many it checked.
func checkDrift(t testing.TB) int {
	recs, err := vcr.Interactions(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 100 {
		t.Fatalf("only %d recorded interactions: run `make record`", len(recs))
	}
	checked := 0
	for _, r := range recs {
		resp := r.Interaction.Response
		body := []byte(resp.Body)
		if strings.HasPrefix(strings.TrimSpace(resp.Body), "<") || strings.Contains(r.Interaction.Request.URL, "/_emulator/") {
			continue // XML answers and control calls have no JSON schema
		}
		key, err := r.Key()
		if err != nil {
			t.Error(err)
			continue
		}
		var res schemas.Result
		switch op := specs.Lookup(key.Action()); {
		case op != nil && resp.Code == http.StatusOK:
			res, err = schemas.Response(op, body)
		case op != nil:
			res, err = schemas.ErrorEnvelope(op, body)
		case resp.Code == http.StatusOK:
			t.Errorf("%s: drift: the recorded request calls %q, which has no contract, and was answered HTTP 200", r, key.Action())
			continue
		default:
			res, err = gatewayEnvelope(body)
		}
		if err != nil {
			t.Errorf("%s: the recorded body is not JSON: %v", r, err)
			continue
		}
		if !res.OK() {
			t.Errorf("%s: drift: the recorded answer (HTTP %d) no longer matches the contract:\n%s", r, resp.Code, res.Error())
		}
		checked++
	}
	return checked
}

// gatewayEnvelope validates the answer to a request whose action has no
// contract (a spec provoking InvalidAction): the gateway answers it, so it
// must be an error envelope valid for every operation, which means its Code
// is one of the codes every operation shares.
func gatewayEnvelope(body []byte) (schemas.Result, error) {
	var all schemas.Result
	for _, op := range specs.Operations() {
		res, err := schemas.ErrorEnvelope(op, body)
		if err != nil {
			return res, err
		}
		all.Violations = append(all.Violations, res.Violations...)
	}
	return all, nil
}
