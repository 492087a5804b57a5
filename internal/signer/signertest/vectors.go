// Package signertest reads the signature vectors of internal/signer's
// testdata, so every package that must reproduce them (the signer, the
// client) reads one copy of the facts in one way.
package signertest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Vector is one file of internal/signer/testdata/vectors (the format is
// described in that folder's README).
type Vector struct {
	Name   string `json:"name"`
	Scheme string `json:"scheme"`
	Method string `json:"method"`
	Secret string `json:"secret"`

	// RPC
	Params             [][2]string `json:"params"`
	CanonicalizedQuery string      `json:"canonicalizedQuery"`
	Signature          string      `json:"signature"`
	WireQuery          string      `json:"wireQuery"`

	// V3
	URI              string      `json:"uri"`
	Host             string      `json:"host"`
	AccessKeyID      string      `json:"accessKeyId"`
	Query            [][2]string `json:"query"`
	Headers          [][2]string `json:"headers"`
	Body             string      `json:"body"`
	CanonicalRequest []string    `json:"canonicalRequest"`
	HashedCanonical  string      `json:"hashedCanonicalRequest"`
	Authorization    string      `json:"authorization"`

	// RawStringToSign is a string for RPC and a list of lines for V3.
	RawStringToSign json.RawMessage `json:"stringToSign"`
}

// StringToSign returns the vector's string-to-sign whatever its scheme.
func (v Vector) StringToSign(t testing.TB) string {
	t.Helper()
	if v.Scheme == "rpc" {
		var s string
		if err := json.Unmarshal(v.RawStringToSign, &s); err != nil {
			t.Fatalf("%s: stringToSign: %v", v.Name, err)
		}
		return s
	}
	var lines []string
	if err := json.Unmarshal(v.RawStringToSign, &lines); err != nil {
		t.Fatalf("%s: stringToSign: %v", v.Name, err)
	}
	return strings.Join(lines, "\n")
}

// Load reads every vector of dir (internal/signer/testdata/vectors, given
// relative to the calling test's package).
func Load(t testing.TB, dir string) []Vector {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vectors in %s (err %v)", dir, err)
	}
	var vs []Vector
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v Vector
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		vs = append(vs, v)
	}
	return vs
}

// Pairs turns ordered name/value pairs into url.Values.
func Pairs(ps [][2]string) url.Values {
	q := url.Values{}
	for _, p := range ps {
		q.Add(p[0], p[1])
	}
	return q
}

// CapturesDir is internal/signer/testdata/captures relative to the module
// root: raw requests of the official clients, one file each.
const CapturesDir = "internal/signer/testdata/captures"

// ReadCapture parses one captured request from dir the way a server
// receives it, and returns it with its body read (the request's Body is
// reset to those bytes, so it can be served as is).
func ReadCapture(t testing.TB, dir, name string) (*http.Request, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("%s: body: %v", name, err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return r, body
}
