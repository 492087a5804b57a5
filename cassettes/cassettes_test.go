package cassettes_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
	"github.com/ecs-conformance/ecs-conformance/schemas"
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
// today's contract no longer accepts.
func TestRecordedAnswersMatchTheSchemas(t *testing.T) {
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
		var res schemas.Result
		if resp.Code == http.StatusOK {
			res, err = schemas.Response(body)
		} else {
			res, err = schemas.ErrorEnvelope(body)
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
	t.Logf("%d recorded answers checked against the schemas", checked)
}
