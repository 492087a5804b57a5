package vcr

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"
	"gopkg.in/dnaeon/go-vcr.v2/recorder"
)

// Mode says what a Recorder does with traffic.
type Mode int

// Recorder modes. The zero Mode is invalid, so a forgotten setting is an
// error rather than a silent default.
const (
	// Replay answers from the cassette only; nothing is sent or written.
	Replay Mode = iota + 1
	// Record sends to RealTransport and writes the cassette on Stop.
	Record
	// Passthrough sends to RealTransport and records nothing.
	Passthrough
)

func (m Mode) String() string {
	switch m {
	case Replay:
		return "replay"
	case Record:
		return "record"
	case Passthrough:
		return "passthrough"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// DefaultRecordCommand is what error messages tell the user to run to
// (re-)record cassettes, unless Options.RecordCommand says otherwise.
const DefaultRecordCommand = "make record (or run the suite with CONFORMANCE_MODE=record and CONFORMANCE_ENDPOINT set)"

// Options configure Open.
type Options struct {
	Mode Mode
	// Dir is the root of the cassette tree, e.g. "cassettes".
	Dir string
	// Name is the cassette's path under Dir, with forward slashes and without
	// ".yaml": "<target>/<scheme>/<Slug(spec text)>", e.g. "emulator/v3/<slug>".
	Name string
	// RealTransport carries traffic in Record and Passthrough modes (the
	// signed client's transport to the endpoint). Replay ignores it and uses
	// a transport that fails every call.
	RealTransport http.RoundTripper
	// RecordCommand is quoted in errors that ask for a re-recording;
	// DefaultRecordCommand when empty. The runner can name the exact focus.
	RecordCommand string
}

// Recorder is an http.RoundTripper that records to or replays from one
// cassette. Use it as the Transport of the client a spec uses, and call Stop
// when the spec ends. It is safe for concurrent use.
type Recorder struct {
	mode Mode
	// file is the cassette's path: Dir/Name.yaml, or Dir/Name.yaml.gz once
	// a replay found it compressed or a recording stored it so.
	file    string
	command string
	real    http.RoundTripper  // Passthrough only
	vcr     *recorder.Recorder // Record only
	tmpDir  string             // Record only: where go-vcr saves before the atomic move
	play    *cassette.Cassette // Replay only: the loaded interactions, matched by match

	mu      sync.Mutex
	stopped bool
	// Replay only: our copy of the cassette, its keys, and a mirror of
	// go-vcr's per-interaction "replayed" flags (which go-vcr does not
	// expose), kept in step by match.
	loaded []*cassette.Interaction
	keys   []Key
	// keyStr holds each key's String, computed once at load: the matcher
	// compares strings on every request, which must not re-encode keys.
	keyStr []string
	used   []bool
	lookup lookup
}

// lookup is the state of one go-vcr GetInteraction call. go-vcr v2.3.0 walks
// the interactions in order, calls the matcher only on those not yet
// replayed (ReplayableInteractions is off), and takes the first match; so
// the n-th matcher call of a lookup concerns the n-th unused interaction.
type lookup struct {
	sent    string // the sent key's String
	pending []int  // indices of unused interactions, in order
	pos     int    // matcher calls so far
	desync  error  // set when go-vcr did not behave as described above
}

// Open starts recording or replaying the cassette Options name. In Replay
// mode a missing cassette is an error that names the file and the command
// that records it.
func Open(opts Options) (*Recorder, error) {
	file, err := cassettePath(opts)
	if err != nil {
		return nil, err
	}
	r := &Recorder{mode: opts.Mode, file: file, command: opts.RecordCommand}
	if r.command == "" {
		r.command = DefaultRecordCommand
	}
	switch opts.Mode {
	case Passthrough:
		if opts.RealTransport == nil {
			return nil, errors.New("vcr: Passthrough mode needs Options.RealTransport, the transport to the endpoint")
		}
		r.real = stripCase{opts.RealTransport}
		return r, nil
	case Record:
		if opts.RealTransport == nil {
			return nil, errors.New("vcr: Record mode needs Options.RealTransport, the transport to the endpoint being recorded")
		}
		return r.openRecord(opts.RealTransport)
	case Replay:
		return r.openReplay()
	}
	return nil, fmt.Errorf("vcr: Options.Mode is %v; set it to Replay, Record or Passthrough", opts.Mode)
}

// cassettePath checks Dir and Name and joins them.
func cassettePath(opts Options) (string, error) {
	if opts.Dir == "" {
		return "", errors.New(`vcr: Options.Dir is empty; set it to the cassette directory, e.g. "cassettes"`)
	}
	name := opts.Name
	switch {
	case name == "":
		return "", errors.New(`vcr: Options.Name is empty; set it to the cassette's path under Dir, e.g. "emulator/v3/<slug>"`)
	case strings.HasSuffix(strings.TrimSuffix(name, compressedExt), ".yaml") || strings.HasSuffix(strings.TrimSuffix(name, compressedExt), ".yml"):
		return "", fmt.Errorf("vcr: Options.Name %q ends in a cassette extension; leave it out, the recorder adds .yaml (or .yaml.gz for a large cassette)", name)
	case strings.Contains(name, `\`) || path.IsAbs(name) || !fs.ValidPath(name):
		return "", fmt.Errorf("vcr: Options.Name %q is not a clean relative path with forward slashes (no leading /, no . or .. elements); build it from Slug", name)
	}
	return filepath.Join(opts.Dir, filepath.FromSlash(name)) + ".yaml", nil
}

// openRecord lets go-vcr record into a fresh temporary cassette: go-vcr would
// otherwise load an existing cassette and append to it, and a failed run
// must not leave the old cassette half-overwritten.
func (r *Recorder) openRecord(real http.RoundTripper) (*Recorder, error) {
	tmp, err := os.MkdirTemp("", "vcr-recording-")
	if err != nil {
		return nil, fmt.Errorf("vcr: creating a temporary directory for recording %s: %w", r.file, err)
	}
	rec, err := recorder.NewAsMode(filepath.Join(tmp, "cassette"), recorder.ModeRecording, stripCase{real})
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("vcr: starting to record %s: %w", r.file, err)
	}
	rec.SkipRequestLatency = true
	rec.AddSaveFilter(Sanitize)
	rec.AddSaveFilter(DropDerivedForm)
	r.vcr, r.tmpDir = rec, tmp
	return r, nil
}

func (r *Recorder) openReplay() (*Recorder, error) {
	file, err := findCassette(r.file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &MissingCassetteError{File: r.file, RecordCommand: r.command}
	}
	if err != nil {
		return nil, err
	}
	r.file = file
	interactions, err := loadCassette(r.file)
	if err != nil {
		return nil, fmt.Errorf("vcr: %w", err)
	}
	r.loaded = interactions
	r.keys = make([]Key, len(interactions))
	r.keyStr = make([]string, len(interactions))
	r.used = make([]bool, len(interactions))
	r.play = cassette.New(strings.TrimSuffix(r.file, cassetteSuffix))
	for i, in := range interactions {
		if r.keys[i], err = RecordedKey(in.Request); err != nil {
			return nil, fmt.Errorf("vcr: cassette %s, interaction %d: %w", r.file, i, err)
		}
		r.keyStr[i] = r.keys[i].String()
		r.play.AddInteraction(in)
	}
	r.play.ReplayableInteractions = false
	r.play.Matcher = r.match
	return r, nil
}

// File returns the path of the cassette.
func (r *Recorder) File() string { return r.file }

// Mode returns the recorder's mode.
func (r *Recorder) Mode() Mode { return r.mode }

// Client returns an http.Client that sends through r.
func (r *Recorder) Client() *http.Client { return &http.Client{Transport: r} }

// RoundTrip records, replays or passes the request through, by mode.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	switch r.mode {
	case Passthrough:
		return r.real.RoundTrip(req)
	case Replay:
		return r.replay(req)
	}
	body, err := readBody(req)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	stopped := r.stopped
	r.mu.Unlock()
	if stopped {
		return nil, fmt.Errorf("vcr: request %s %s sent after Stop; the recording of %s is already written", req.Method, req.URL.Redacted(), r.file)
	}
	resp, err := r.vcr.RoundTrip(withBody(req, body))
	if err != nil {
		return nil, err
	}
	return ownResponse(resp, req), nil
}

// ownResponse detaches a response from go-vcr's interaction, which shares
// its header map, so a caller's changes cannot leak into the cassette.
func ownResponse(resp *http.Response, req *http.Request) *http.Response {
	resp.Header = resp.Header.Clone()
	resp.Request = req
	return resp
}

// Stop ends the recording. In Record mode it writes the sanitized cassette,
// creating directories, compressed when large (see CompressAbove; File then
// names the .yaml.gz); a spec that sent nothing gets a cassette with no
// interactions, so replaying it finds the file. Replay and Passthrough write
// nothing. Stop is idempotent.
func (r *Recorder) Stop() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return nil
	}
	r.stopped = true
	if r.mode != Record {
		return nil
	}
	defer os.RemoveAll(r.tmpDir)
	if err := r.vcr.Stop(); err != nil {
		return fmt.Errorf("vcr: saving cassette %s: %w", r.file, err)
	}
	data, err := os.ReadFile(filepath.Join(r.tmpDir, "cassette.yaml"))
	if errors.Is(err, fs.ErrNotExist) {
		// go-vcr saves nothing when there were no interactions.
		data, err = []byte("---\nversion: 1\ninteractions: []\n"), nil
	}
	if err != nil {
		return fmt.Errorf("vcr: reading the recording of %s: %w", r.file, err)
	}
	stored, err := storeCassette(r.file, data)
	if err != nil {
		return err
	}
	r.file = stored
	return nil
}

// writeAtomically replaces file with data through a temporary file in the
// same directory, so readers never see half a cassette.
func writeAtomically(file string, data []byte) error {
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("vcr: creating cassette directory %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".cassette-*.tmp")
	if err != nil {
		return fmt.Errorf("vcr: writing cassette %s: %w", file, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("vcr: writing cassette %s: %w", file, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("vcr: writing cassette %s: %w", file, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("vcr: writing cassette %s: %w", file, err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("vcr: writing cassette %s: %w", file, err)
	}
	return nil
}
