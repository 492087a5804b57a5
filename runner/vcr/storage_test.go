package vcr

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"
)

// A cassette is stored once: plain when small, compressed when large, and
// storing it again in the other form removes the first.
func TestStoreCassetteKeepsOneForm(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "a", "c.yaml")
	small := []byte("---\nversion: 1\ninteractions: []\n")
	large := []byte("---\nversion: 1\ninteractions: []\n# " + strings.Repeat("groups ", CompressAbove/7+1) + "\n")
	tests := []struct {
		name     string
		data     []byte
		want     string // the file written
		gone     string // the other form, removed
		twiceSet bool
	}{
		{"small stays plain", small, plain, plain + ".gz", true},
		{"large is compressed", large, plain + ".gz", plain, true},
		{"small again replaces the compressed one", small, plain, plain + ".gz", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := storeCassette(plain, tt.data)
			if err != nil || got != tt.want {
				t.Fatalf("storeCassette = %s, %v; want %s", got, err, tt.want)
			}
			if _, err := os.Stat(tt.gone); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s is still there (%v): the cassette is stored twice", tt.gone, err)
			}
			back, err := readCassetteFile(got)
			if err != nil || !bytes.Equal(back, tt.data) {
				t.Errorf("read back %d bytes, %v; want the %d written", len(back), err, len(tt.data))
			}
			first, _ := os.ReadFile(got)
			if _, err := storeCassette(plain, tt.data); err != nil {
				t.Fatal(err)
			}
			if again, _ := os.ReadFile(got); !bytes.Equal(first, again) {
				t.Error("storing the same cassette twice gave different bytes")
			}
		})
	}
	if len(large) <= CompressAbove || len(small) > CompressAbove {
		t.Fatal("the test data does not straddle CompressAbove")
	}
}

func TestFindCassette(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "c.yaml")
	if _, err := findCassette(plain); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no file: %v, want fs.ErrNotExist", err)
	}
	mustWrite(t, plain+".gz", "x")
	if got, err := findCassette(plain); err != nil || got != plain+".gz" {
		t.Errorf("compressed only: %s, %v", got, err)
	}
	mustWrite(t, plain, "x")
	if _, err := findCassette(plain); err == nil || !strings.Contains(err.Error(), "stored twice") {
		t.Errorf("both forms: %v, want an error saying it is stored twice", err)
	}
}

func mustWrite(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDropDerivedForm(t *testing.T) {
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	tests := []struct {
		name    string
		body    string
		headers http.Header
		form    url.Values
		dropped bool
	}{
		{"the body's pairs", "RegionId=cn-hangzhou&Tag.1.Key=a+b&Tag.1.Key=c", form, url.Values{"RegionId": {"cn-hangzhou"}, "Tag.1.Key": {"a b", "c"}}, true},
		{"a body the server did not read", "", form, url.Values{"Padding": {"xxx"}}, false},
		{"a body that is not a form", "RegionId=cn-hangzhou", http.Header{"Content-Type": {"application/json"}}, url.Values{"RegionId": {"cn-hangzhou"}}, false},
		{"a value that differs", "RegionId=cn-hangzhou", form, url.Values{"RegionId": {"cn-shanghai"}}, false},
		{"a pair the body lacks", "RegionId=cn-hangzhou", form, url.Values{"RegionId": {"cn-hangzhou"}, "DryRun": {"true"}}, false},
		{"values in another order", "A=1&A=2", form, url.Values{"A": {"2", "1"}}, false},
	}
	for _, tt := range tests {
		in := &cassette.Interaction{Request: cassette.Request{Body: tt.body, Headers: tt.headers, Form: tt.form, URL: "http://h/", Method: "POST"}}
		before, err := RecordedKey(in.Request)
		if err != nil {
			t.Fatal(err)
		}
		if err := DropDerivedForm(in); err != nil {
			t.Fatal(err)
		}
		if dropped := in.Request.Form == nil; dropped != tt.dropped {
			t.Errorf("%s: dropped %v, want %v", tt.name, dropped, tt.dropped)
		}
		// Whatever it drops, the key the matcher computes stays the same.
		after, err := RecordedKey(in.Request)
		if err != nil || !after.Equal(before) {
			t.Errorf("%s: the key changed: %q", tt.name, after.Diff(before))
		}
	}
}

// A large recording is written compressed, listed, scanned and replayed
// like any other.
func TestCompressedCassetteRoundTrip(t *testing.T) {
	big := `{"RequestId":"r","Items":"` + strings.Repeat("sg-0123456789abcdef ", CompressAbove/20+1) + `"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, big)
	}))
	dir := t.TempDir()
	const name = "emulator/v3/big"
	rec := mustOpen(t, Options{Mode: Record, Dir: dir, Name: name, RealTransport: srv.Client().Transport})
	if _, _, err := get(rec.Client(), srv.URL+"/?Action=DescribeBig&RegionId=r"); err != nil {
		t.Fatal(err)
	}
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	want := filepath.Join(dir, filepath.FromSlash(name)+".yaml.gz")
	if rec.File() != want {
		t.Fatalf("stored as %s, want %s", rec.File(), want)
	}

	recs, err := Interactions(dir)
	if err != nil || len(recs) != 1 || recs[0].File != name+".yaml.gz" {
		t.Fatalf("Interactions = %v, %v; want the one compressed interaction", recs, err)
	}
	if findings, err := ScanSecrets(dir, "sg-0123456789abcdef"); err != nil || len(findings) == 0 {
		t.Errorf("ScanSecrets did not look inside the compressed cassette: %v, %v", findings, err)
	}

	rep := mustOpen(t, Options{Mode: Replay, Dir: dir, Name: name, RealTransport: dialFails{t}})
	defer rep.Stop()
	status, body, err := get(rep.Client(), srv.URL+"/?Action=DescribeBig&RegionId=r")
	if err != nil || status != http.StatusOK || body != big {
		t.Errorf("replayed %d, %d bytes, %v; want 200 and the %d recorded", status, len(body), err, len(big))
	}
	if rep.File() != want {
		t.Errorf("replaying %s, want %s", rep.File(), want)
	}
}

func get(c *http.Client, u string) (int, string, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}
