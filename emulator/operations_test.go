package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// The probe is a second operation that exists only in these tests: a copy of
// DescribeSecurityGroups' contract under another name and version, which
// words MissingParameter.RegionId its own way and answers a malformed
// parameter with another syntax code. It shows that the shared protocol code
// takes everything from the handler of the Action it was asked for.
const (
	probeAction  = "DescribeEmulatorProbe"
	probeVersion = "2099-01-01"
	probeSyntax  = "InvalidParamter"
	probeMissing = "probe: RegionId is needed."
)

func init() {
	register(implementation{action: probeAction, syntax: probeSyntax, build: func(s *Server, h *handler) (operation, error) {
		return probe{h}, nil
	}})
}

type probe struct{ h *handler }

func (p probe) serve(c call) (*out, *apiError) {
	set, e := p.h.valid.validate(c.params)
	if e != nil {
		return nil, e
	}
	p.h.valid.release(set)
	o := getOut(c.xml)
	o.root(probeAction + "Response")
	o.str("RequestId", c.requestID)
	o.endRoot(probeAction + "Response")
	return o, nil
}

// probeContract returns the probe's contract, or with edit applied to a
// copy of it.
func probeContract(edit func(*specs.Operation)) *specs.Operation {
	p := *specs.Lookup("DescribeSecurityGroups")
	p.Operation, p.Version = probeAction, probeVersion
	p.Errors = slices.Clone(p.Errors)
	for i := range p.Errors {
		if p.Errors[i].Code == "MissingParameter.RegionId" {
			p.Errors[i].Message = probeMissing
		}
	}
	p.Errors = append(p.Errors, specs.ErrorCode{Code: probeSyntax, Status: 400, Message: "Invalid Parameter."})
	if edit != nil {
		edit(&p)
	}
	return &p
}

func bothOperations(o *Options) {
	o.Operations = []*specs.Operation{specs.Lookup("DescribeSecurityGroups"), probeContract(nil)}
}

// errorOf decodes an error answer's code, message and RAM action.
func errorOf(t *testing.T, status int, body []byte) (int, string, string, string) {
	t.Helper()
	var e struct {
		Code, Message      string
		AccessDeniedDetail struct{ AuthAction string }
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("answer %d is not JSON: %v: %s", status, err, body)
	}
	return status, e.Code, e.Message, e.AccessDeniedDetail.AuthAction
}

func TestDispatchByAction(t *testing.T) {
	open := newTestServer(t, func(o *Options) { bothOperations(o); o.DisableAuth = true })
	signed := newTestServer(t, bothOperations)
	dsgOnly := newTestServer(t, func(o *Options) { o.DisableAuth = true })
	dsg := "/?Action=DescribeSecurityGroups"
	prb := "/?Action=" + probeAction
	tests := []struct {
		name    string
		s       *Server
		req     rawRequest
		status  int
		code    string
		message string // "" to skip
	}{
		{"probe answers", open, rawRequest{method: "GET", target: prb + "&RegionId=cn-hangzhou"}, 200, "", ""},
		{"probe words its own missing region", open, rawRequest{method: "GET", target: prb}, 400, "MissingParameter.RegionId", probeMissing},
		{"the other operation keeps its wording", open, rawRequest{method: "GET", target: dsg}, 400, "MissingParameter.RegionId", specs.Lookup("DescribeSecurityGroups").Error("MissingParameter.RegionId").Message},
		{"a parameter twice is the probe's syntax code", open, rawRequest{method: "GET", target: prb + "&RegionId=cn-hangzhou&RegionId=cn-hangzhou"}, 400, probeSyntax, "Invalid Parameter."},
		{"a parameter twice is the other's syntax code", open, rawRequest{method: "GET", target: dsg + "&RegionId=cn-hangzhou&RegionId=cn-hangzhou"}, 400, "InvalidParameter", "The specified parameter RegionId is not valid."},
		{"an undecodable query is the probe's syntax code", open, rawRequest{method: "GET", target: prb + "&RegionId=%zz"}, 400, probeSyntax, ""},
		{"an undecodable pair before the Action", open, rawRequest{method: "GET", target: "/?VpcId=%zz&Action=" + probeAction}, 400, probeSyntax, ""},
		{"an undecodable body is the probe's syntax code", open, rawRequest{method: "POST", target: prb, contentType: formContentType, body: "RegionId=%G1"}, 400, probeSyntax, ""},
		{"a JSON body is the probe's syntax code", open, rawRequest{method: "POST", target: prb, contentType: "application/json", body: "{}"}, 400, probeSyntax, ""},
		{"the Action in an undecodable body", open, rawRequest{method: "POST", target: "/", contentType: formContentType, body: "Action=" + probeAction + "&VpcId=%G1"}, 400, probeSyntax, ""},
		{"an undecodable request naming no operation", open, rawRequest{method: "GET", target: "/?Action=DescribeNothing&VpcId=%zz"}, 404, "InvalidAction.NotFound", ""},
		{"an undecodable request naming nothing", open, rawRequest{method: "GET", target: "/?VpcId=%zz"}, 404, "InvalidAction.NotFound", ""},
		{"an operation left out of Options.Operations", dsgOnly, rawRequest{method: "GET", target: prb + "&RegionId=cn-hangzhou"}, 404, "InvalidAction.NotFound", ""},
		{"the probe's version", open, rawRequest{method: "GET", target: prb + "&Version=" + probeVersion + "&RegionId=cn-hangzhou"}, 200, "", ""},
		{"another operation's version", open, rawRequest{method: "GET", target: prb + "&Version=2014-05-26&RegionId=cn-hangzhou"}, 400, "InvalidVersion", ""},
		{"the probe's version on the other operation", open, rawRequest{method: "GET", target: dsg + "&Version=" + probeVersion + "&RegionId=cn-hangzhou"}, 400, "InvalidVersion", ""},
		{"a V3 request names its Action in a header", open, rawRequest{method: "GET", target: "/?RegionId=%zz", header: http.Header{"X-Acs-Action": {probeAction}}}, 400, probeSyntax, ""},
		{"RequestTooLarge before any operation", signed, rawRequest{method: "POST", target: prb, contentType: formContentType, body: "RegionId=" + strings.Repeat("x", 2<<20)}, 413, "RequestTooLarge", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serveRaw(t, tt.s, tt.req)
			if tt.code == "" {
				if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), `{"RequestId":`) {
					t.Fatalf("got %d %s, want a 200 answer", rec.Code, rec.Body)
				}
				return
			}
			status, code, msg, _ := errorOf(t, rec.Code, rec.Body.Bytes())
			if status != tt.status || code != tt.code {
				t.Fatalf("got %d %s (%s), want %d %s", status, code, msg, tt.status, tt.code)
			}
			if tt.message != "" && msg != tt.message {
				t.Errorf("message %q, want %q", msg, tt.message)
			}
		})
	}
	t.Run("RAM names the operation asked for", func(t *testing.T) {
		for _, action := range []string{probeAction, "DescribeSecurityGroups"} {
			for _, sc := range []client.Scheme{client.SchemeRPC, client.SchemeV3} {
				c := newClient(t, signed, sc, DeniedAccessKeyID, DeniedAccessKeySecret, "")
				req := client.Request{Action: action, Params: params("RegionId", "cn-hangzhou")}
				if action == probeAction {
					req.Tamper.Version = probeVersion
				}
				resp := do(t, c, req)
				_, code, _, auth := errorOf(t, resp.StatusCode, resp.Body)
				if code != string(CodeForbiddenRAM) || auth != "ecs:"+action {
					t.Errorf("%s %s: %s with AuthAction %q, want Forbidden.RAM for ecs:%s", sc, action, code, auth, action)
				}
			}
		}
	})
}

func TestNewRefusesOperations(t *testing.T) {
	dsg := specs.Lookup("DescribeSecurityGroups")
	tests := []struct {
		name string
		ops  []*specs.Operation
		want string
	}{
		{"none", []*specs.Operation{}, "no operations"},
		{"nil", []*specs.Operation{dsg, nil}, "Operations[1] is nil"},
		{"twice", []*specs.Operation{dsg, dsg}, "lists DescribeSecurityGroups twice"},
		{"not implemented", []*specs.Operation{probeContract(func(o *specs.Operation) { o.Operation = "DescribeUnwritten" })},
			"does not implement; add emulator/describe_unwritten.go"},
		{"another product", []*specs.Operation{dsg, probeContract(func(o *specs.Operation) { o.Product = "Vpc" })}, "one emulator answers one product"},
		{"syntax code not in the contract", []*specs.Operation{probeContract(func(o *specs.Operation) { o.Errors = o.Errors[:len(o.Errors)-1] })},
			`lists no error "InvalidParamter", which the emulator answers for a malformed parameter`},
		{"a protocol code not shared", []*specs.Operation{probeContract(func(o *specs.Operation) {
			o.Errors = slices.DeleteFunc(slices.Clone(o.Errors), func(e specs.ErrorCode) bool { return e.Code == string(CodeNonceUsed) })
		})}, `lists no error "SignatureNonceUsed"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{Operations: tt.ops})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"DescribeSecurityGroups":         "describe_security_groups",
		"DescribeSecurityGroupAttribute": "describe_security_group_attribute",
		"X":                              "x",
	} {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}
