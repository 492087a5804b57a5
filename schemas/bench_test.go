package schemas_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// typedResponse is what a client decodes a page into; it stands for the
// cheapest useful decoding of the same bytes.
type typedResponse struct {
	RequestId      string
	RegionId       string
	NextToken      string
	TotalCount     int32
	PageNumber     int32
	PageSize       int32
	SecurityGroups struct {
		SecurityGroup []struct {
			SecurityGroupId         string
			SecurityGroupName       string
			Description             string
			SecurityGroupType       string
			VpcId                   string
			CreationTime            string
			EcsCount                int32
			AvailableInstanceAmount int32
			ResourceGroupId         string
			ServiceManaged          bool
			ServiceID               int64
			Tags                    struct {
				Tag []struct{ TagKey, TagValue string }
			}
			RuleCount             int32
			GroupToGroupRuleCount int32
		}
	}
}

func response10(b *testing.B) []byte {
	body, err := os.ReadFile(filepath.Join("testdata", "response-10.json"))
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkValidateResponse10 decodes and validates a ten-group page against
// the strict next-token schema (the costlier one: it has false schemas).
func BenchmarkValidateResponse10(b *testing.B) {
	body := response10(b)
	if res, err := schemas.ResponseForMode(dsg, specs.ModeNextToken, body); err != nil || !res.OK() {
		b.Fatalf("the benchmark page must be valid: %v %v", err, res)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schemas.ResponseForMode(dsg, specs.ModeNextToken, body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshalResponse10(b *testing.B) {
	body := response10(b)
	b.Run("typed", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var r typedResponse
			if err := json.Unmarshal(body, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var r map[string]any
			if err := json.Unmarshal(body, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
