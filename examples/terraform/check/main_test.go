package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Alibaba's published RPC example (the repository's signer vector V1-C).
func TestSignRPCPublishedVector(t *testing.T) {
	params := map[string]string{
		"AccessKeyId":      "testid",
		"Action":           "DescribeDedicatedHosts",
		"Format":           "JSON",
		"RegionId":         "cn-beijing",
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureNonce":   "edb2b34af0af9a6d14deaf7c1a5315eb",
		"SignatureVersion": "1.0",
		"Timestamp":        "2023-03-13T08:34:30Z",
		"Version":          "2014-05-26",
	}
	if got, want := signRPC("GET", params, "testsecret"), "9NaGiOspFP5UPcwX8Iwt2YJXXuk="; got != want {
		t.Fatalf("signature %s, want %s", got, want)
	}
}

// fakeDSGA answers DescribeSecurityGroupAttribute after checking the request
// the way a signing endpoint would: query and form body signed together.
func fakeDSGA(t *testing.T, policy func(id string) string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		all := map[string]string{}
		for k := range r.Form {
			all[k] = r.Form.Get(k)
		}
		sig := all["Signature"]
		delete(all, "Signature")
		if r.Method != "POST" || all["Action"] != "DescribeSecurityGroupAttribute" || r.PostForm.Get("RegionId") != "cn-hangzhou" ||
			signRPC("POST", all, "EmulatorDefaultSecret0000000000001") != sig {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"Code":"SignatureDoesNotMatch","Message":"bad request"}`)
			return
		}
		id := r.PostForm.Get("SecurityGroupId")
		json.NewEncoder(w).Encode(map[string]string{"RequestId": "R", "SecurityGroupId": id, "InnerAccessPolicy": policy(id)})
	}))
}

func runCheck(t *testing.T, srv *httptest.Server, outputs string) *checker {
	t.Helper()
	file := filepath.Join(t.TempDir(), "outputs.json")
	if err := os.WriteFile(file, []byte(outputs), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &checker{label: t.Name()}
	if err := run(c, file, 2, 2, -1, true, "", "", "", strings.TrimPrefix(srv.URL, "http://"), "cn-hangzhou"); err != nil {
		c.check(false, "%v", err)
	}
	return c
}

func TestDetailsAgreeWithDSGA(t *testing.T) {
	srv := fakeDSGA(t, func(id string) string {
		if id == "sg-a" {
			return "Accept"
		}
		return "Drop"
	})
	defer srv.Close()
	good := `{"ids":{"value":["sg-a","sg-b"]},"total_count":{"value":2},
	  "groups":{"value":[{"id":"sg-a","inner_access":true},{"id":"sg-b","inner_access":false}]}}`
	if c := runCheck(t, srv, good); c.failed != 0 {
		t.Fatalf("%d checks failed on a correct result", c.failed)
	}
	wrong := strings.Replace(good, `"inner_access":true`, `"inner_access":false`, 1)
	if c := runCheck(t, srv, wrong); c.failed != 1 {
		t.Fatalf("%d checks failed on one wrong inner_access, want 1", c.failed)
	}
}

func TestDetailsRejectUnknownPolicy(t *testing.T) {
	srv := fakeDSGA(t, func(string) string { return "" })
	defer srv.Close()
	out := `{"ids":{"value":["sg-a","sg-b"]},"total_count":{"value":2},
	  "groups":{"value":[{"id":"sg-a","inner_access":false},{"id":"sg-b","inner_access":false}]}}`
	if c := runCheck(t, srv, out); c.failed != 1 {
		t.Fatalf("%d checks failed when InnerAccessPolicy is missing, want 1", c.failed)
	}
}
