package vcr

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"
)

// How cassettes are stored. A cassette is go-vcr v2 YAML; one whose YAML
// exceeds CompressAbove is stored gzip-compressed as <name>.yaml.gz instead
// of <name>.yaml. Walking a whole listing of groups page by page makes a
// recording of a few hundred kilobytes of repetitive JSON, which gzip shrinks
// tenfold, while the small recordings (most error cases) stay plain text to
// read and diff. `gunzip -k` gives back a cassette go-vcr loads as is.
const (
	CompressAbove  = 16 << 10
	compressedExt  = ".gz"
	cassetteSuffix = ".yaml"
)

// storeCassette writes the YAML of the cassette whose plain path is yamlPath
// (…/<name>.yaml), compressed when it is large, and removes the other form
// of the same cassette, so a cassette is stored once. It returns the path
// written.
func storeCassette(yamlPath string, data []byte) (string, error) {
	path, stale := yamlPath, yamlPath+compressedExt
	if len(data) > CompressAbove {
		var buf bytes.Buffer
		// No name and no time in the header: recording twice gives the
		// same bytes.
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return "", err
		}
		if _, err := zw.Write(data); err != nil {
			return "", err
		}
		if err := zw.Close(); err != nil {
			return "", err
		}
		data, path, stale = buf.Bytes(), yamlPath+compressedExt, yamlPath
	}
	if err := writeAtomically(path, data); err != nil {
		return "", err
	}
	if err := os.Remove(stale); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("vcr: removing the previous form of cassette %s: %w", stale, err)
	}
	return path, nil
}

// Find returns the stored form of the cassette whose plain path is yamlPath
// (…/<name>.yaml): the file itself or its .gz form, or an error wrapping
// fs.ErrNotExist when neither is there. Both at once is an error, since
// either could be the one meant.
func Find(yamlPath string) (string, error) { return findCassette(yamlPath) }

func findCassette(yamlPath string) (string, error) {
	var found []string
	for _, p := range []string{yamlPath, yamlPath + compressedExt} {
		_, err := os.Stat(p)
		switch {
		case err == nil:
			found = append(found, p)
		case !errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("vcr: cannot read cassette %s: %w", p, err)
		}
	}
	switch len(found) {
	case 0:
		return "", fs.ErrNotExist
	case 2:
		return "", fmt.Errorf("vcr: cassette %s is stored twice, as %s and %s; remove the stale one (re-recording keeps only one)", yamlPath, found[0], found[1])
	}
	return found[0], nil
}

// readCassetteFile returns a cassette file's YAML, decompressing a .gz one.
func readCassetteFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasSuffix(path, compressedExt) {
		return data, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("cassette %s is not gzip: %w", path, err)
	}
	yaml, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("cassette %s: decompressing: %w", path, err)
	}
	return yaml, nil
}

// DropDerivedForm removes a recorded request's Form when its body holds the
// same pairs: go-vcr keeps the parsed form of a form-encoded body next to
// the body itself, so without this every form body was stored twice (a
// 2 MiB one included). The body is what went on the wire and what the key
// is computed from; the form is kept only when it is not derivable from it
// (a body the server did not read, recorded empty). The recorder runs it as
// a save filter after Sanitize.
func DropDerivedForm(i *cassette.Interaction) error {
	r := &i.Request
	if len(r.Form) == 0 || r.Body == "" || !isForm(r.Headers) {
		return nil
	}
	pairs, err := parseForm(r.Body)
	if err != nil {
		return nil // keep what there is; the key reports the bad encoding
	}
	fromBody := url.Values{}
	for _, p := range pairs {
		fromBody[p.name] = append(fromBody[p.name], p.value)
	}
	if len(fromBody) != len(r.Form) {
		return nil
	}
	for name, vs := range r.Form {
		if !slices.Equal(fromBody[name], vs) {
			return nil
		}
	}
	r.Form = nil
	return nil
}

// answer serves a request from the loaded cassette as go-vcr's replaying
// recorder would, without it: go-vcr loads only plain <name>.yaml files, and
// reading a cassette twice (once for the keys, once for go-vcr) cost twice
// the parse. Matching stays go-vcr's: Cassette.GetInteraction with match.
func (r *Recorder) answer(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	in, err := r.play.GetInteraction(req)
	if err != nil {
		return nil, err
	}
	body := []byte(in.Response.Body)
	return &http.Response{
		Status:        in.Response.Status,
		StatusCode:    in.Response.Code,
		Proto:         "HTTP/1.0",
		ProtoMajor:    1,
		Request:       req,
		Header:        in.Response.Headers,
		Close:         true,
		ContentLength: int64(len(body)),
		Body:          io.NopCloser(bytes.NewReader(body)),
	}, nil
}
