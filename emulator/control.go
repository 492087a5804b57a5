package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// MaxFixtureBytes bounds the body of POST /_emulator/fixtures.
const MaxFixtureBytes = 64 << 20

// faultsJSON is the wire form of Faults on /_emulator/faults.
type faultsJSON struct {
	Seed          int64   `json:"seed"`
	Throttle      float64 `json:"throttle"`
	InternalError float64 `json:"internalError"`
	Unavailable   float64 `json:"unavailable"`
	LatencyMs     int64   `json:"latencyMs"`
}

// control serves /_emulator/: never signed like the API, always JSON.
//
//	GET  health    200 {"status":"ok","groups":N}
//	POST reset     back to Options.Fixture; nonces and faults cleared
//	POST fixtures  body: a fixture file (YAML or JSON) that replaces the data
//	GET  faults    the faults in force
//	POST faults    replace them (every field; absent ones are zero)
//
// Every call goes through guardControl first (see ControlOptions) and is
// logged when Options.Logger is set.
func (s *Server) control(w http.ResponseWriter, r *http.Request) {
	if s.opts.Logger != nil {
		start := time.Now()
		sw := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() { s.logControl(r.Context(), r, sw.status, time.Since(start)) }()
		w = sw
	}
	name := strings.TrimPrefix(r.URL.Path, controlPrefix)
	allow := map[string]string{"health": "GET", "reset": "POST", "fixtures": "POST", "faults": "GET, POST"}[name]
	switch {
	case allow == "":
		controlError(w, http.StatusNotFound, fmt.Errorf("no control endpoint %q; use health, reset, fixtures or faults", name))
		return
	case !slices.Contains(strings.Split(allow, ", "), r.Method):
		w.Header().Set("Allow", allow)
		controlError(w, http.StatusMethodNotAllowed, fmt.Errorf("%s %s is not served; use %s", r.Method, r.URL.Path, allow))
		return
	case !s.guardControl(w, r, name):
		return
	}
	switch name {
	case "health":
		controlJSON(w, http.StatusOK, map[string]any{"status": "ok", "groups": s.opts.Store.Len()})
	case "reset":
		if err := s.Reset(); err != nil {
			controlError(w, http.StatusInternalServerError, err)
			return
		}
		controlJSON(w, http.StatusOK, map[string]any{"status": "ok", "groups": s.opts.Store.Len()})
	case "fixtures":
		s.loadFixtures(w, r)
	case "faults":
		if r.Method == http.MethodPost {
			var f faultsJSON
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
			if err == nil {
				dec := json.NewDecoder(strings.NewReader(string(body)))
				dec.DisallowUnknownFields()
				err = dec.Decode(&f)
			}
			if err != nil {
				controlError(w, http.StatusBadRequest, fmt.Errorf("faults: the body is not a JSON object of seed, throttle, internalError, unavailable and latencyMs: %w", err))
				return
			}
			// Range-check before converting: latencyMs*1e6 overflows int64
			// long before it fails Faults.Validate.
			if f.LatencyMs < 0 || f.LatencyMs > MaxLatency.Milliseconds() {
				controlError(w, http.StatusBadRequest, fmt.Errorf("faults: latencyMs %d is outside 0..%d", f.LatencyMs, MaxLatency.Milliseconds()))
				return
			}
			if err := s.SetFaults(Faults{Seed: f.Seed, Throttle: f.Throttle, InternalError: f.InternalError,
				Unavailable: f.Unavailable, Latency: time.Duration(f.LatencyMs) * time.Millisecond}); err != nil {
				controlError(w, http.StatusBadRequest, err)
				return
			}
		}
		f := s.Faults()
		controlJSON(w, http.StatusOK, faultsJSON{Seed: f.Seed, Throttle: f.Throttle, InternalError: f.InternalError,
			Unavailable: f.Unavailable, LatencyMs: f.Latency.Milliseconds()})
	}
}

// loadFixtures replaces the data with a fixture file sent as the body. The
// format follows the Content-Type when it says json or yaml, else the first
// character, as store.Parse decides; errors are the store's, naming the
// record and field.
func (s *Server) loadFixtures(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxFixtureBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		controlError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("fixtures: the body exceeds %d bytes; load bigger data sets with the -fixtures flag or Options.Store", MaxFixtureBytes))
		return
	}
	if err != nil {
		controlError(w, http.StatusBadRequest, fmt.Errorf("fixtures: reading the body: %w", err))
		return
	}
	name := "fixtures" // no extension: store.Parse looks at the first character
	switch ct := strings.ToLower(r.Header.Get("Content-Type")); {
	case strings.Contains(ct, "json"):
		name = "fixtures.json"
	case strings.Contains(ct, "yaml"):
		name = "fixtures.yaml"
	}
	groups, err := store.Parse(name, body)
	if err == nil {
		err = s.opts.Store.Replace(groups)
	}
	if err != nil {
		controlError(w, http.StatusBadRequest, err)
		return
	}
	controlJSON(w, http.StatusOK, map[string]any{"status": "ok", "groups": s.opts.Store.Len()})
}

func controlJSON(w http.ResponseWriter, status int, v any) {
	data, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}

func controlError(w http.ResponseWriter, status int, err error) {
	controlJSON(w, status, map[string]string{"error": err.Error()})
}
