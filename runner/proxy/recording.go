package proxy

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"

	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// recording is one named recording being recorded, played back or checked.
type recording struct {
	p      *Proxy
	name   string
	file   string // the cassette
	report *Report

	// rec records (record mode only).
	rec *vcr.Recorder

	// Playback: the recording's interactions, which have answered, and the
	// context its control calls have set so far.
	mu    sync.Mutex
	index *vcr.Index
	used  []bool
	ctx   vcr.Context
}

// openRecording starts recording name, or loads it for playback.
func openRecording(p *Proxy, name string) (*recording, error) {
	rec := &recording{p: p, name: name, report: newReport(name, p.opts.Mode)}
	if p.opts.Cassettes != "" {
		rec.file = filepath.Join(p.opts.Cassettes, filepath.FromSlash(name)+".yaml")
	}
	switch p.opts.Mode {
	case ModeRecord:
		r, err := vcr.Open(vcr.Options{Mode: vcr.Record, Dir: p.opts.Cassettes, Name: name, RealTransport: p.transport,
			RecordCommand: "conformance proxy -mode record"})
		if err != nil {
			return nil, err
		}
		rec.rec = r
	case ModePlayback:
		// A large recording is stored gzipped (<name>.yaml.gz): play whichever form is there.
		stored, err := vcr.Find(rec.file)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &vcr.MissingCassetteError{File: rec.file, RecordCommand: fmt.Sprintf("conformance proxy -mode record -cassettes %s -upstream URL, the client sending %s: %s", p.opts.Cassettes, RecordingHeader, name)}
		}
		if err != nil {
			return nil, err
		}
		rec.file = stored
		recorded, err := vcr.Load(rec.file, name+".yaml")
		if err != nil {
			return nil, err
		}
		if rec.index, err = vcr.NewIndex(recorded); err != nil {
			return nil, err
		}
		rec.used = make([]bool, rec.index.Len())
	}
	return rec, nil
}

// miss explains a playback request nothing answered.
type miss struct{ reason, message, recommend string }

// take answers a playback request: the first unused interaction that may
// answer it, in recorded order, in the context the recording's control
// calls have set (or the one the client asked for with vcr.ContextHeader).
// A control call that answers moves the recording to the context after it,
// as it moved the emulator when it was recorded.
func (rec *recording) take(k vcr.Key, asked vcr.Context, hasHeader bool) (*vcr.Entry, miss) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	ctx := rec.ctx
	if hasHeader {
		ctx = asked
	}
	matches := rec.index.Matches(k, ctx)
	for _, i := range matches {
		if rec.used[i] {
			continue
		}
		rec.used[i] = true
		e := rec.index.Entry(i)
		if e.Control {
			rec.ctx = e.After
		}
		return e, miss{}
	}
	if len(matches) > 0 {
		return nil, miss{reason: "replayed", recommend: recommendRerecord, message: fmt.Sprintf(
			"this request was recorded %d times and has been answered %d times; each recorded answer is played once, in order, so the client now sends it more often than when it was recorded; re-record, or restart the playback (POST %srecordings/start)",
			len(matches), len(matches), ControlPrefix)}
	}
	d := rec.index.Diagnose(k, ctx)
	return nil, miss{reason: d.Reason, message: d.String(), recommend: recommendFor(d)}
}

// unplayed counts the interactions a playback has not answered.
func (rec *recording) unplayed() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	n := 0
	for _, u := range rec.used {
		if !u {
			n++
		}
	}
	return n
}

// stop writes the cassette (record mode) and the report.
func (rec *recording) stop() (*Report, error) {
	var errs []error
	if rec.rec != nil {
		errs = append(errs, rec.rec.Stop())
	}
	if rec.index != nil {
		rec.report.mu.Lock()
		rec.report.Unplayed = rec.unplayed()
		rec.report.mu.Unlock()
	}
	if dir := rec.p.opts.Reports; dir != "" {
		file, err := rec.report.write(dir)
		errs = append(errs, err)
		rec.report.mu.Lock()
		rec.report.File = file
		rec.report.mu.Unlock()
	}
	if rec.rec != nil {
		rec.report.mu.Lock()
		rec.report.Cassette = rec.rec.File() // .yaml, or .yaml.gz for a large recording
		rec.report.mu.Unlock()
	}
	if l := rec.p.opts.Logger; l != nil {
		l.Info("recording stopped", "summary", rec.report.Summary())
	}
	return rec.report, errors.Join(errs...)
}
