package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// serveControl answers the proxy's own control path, never forwarded:
//
//	GET  /_conformance/health            {"status":"ok","mode":"record","recordings":[...]}
//	GET  /_conformance/recordings        the active recordings and their counts
//	POST /_conformance/recordings/start  {"name":"NAME"}: start recording NAME (playback: load or rewind it)
//	POST /_conformance/recordings/stop   {"name":"NAME"}: write its cassette (record) and report; answers the report
//
// Like the emulator's control endpoints, they refuse what a web page could
// send across origins: a request with an Origin header (403), a Host that
// is neither loopback nor one of Options.ControlHosts (403, DNS
// rebinding), and a POST whose Content-Type is not application/json (415).
func (p *Proxy) serveControl(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, ControlPrefix)
	allow := map[string]string{"health": "GET", "recordings": "GET", "recordings/start": "POST", "recordings/stop": "POST"}[name]
	switch {
	case allow == "":
		p.writeError(w, http.StatusNotFound, codeControl, fmt.Sprintf("no control endpoint %s%s; use health, recordings, recordings/start or recordings/stop", ControlPrefix, name), recommendFix)
		return
	case r.Method != allow:
		w.Header().Set("Allow", allow)
		p.writeError(w, http.StatusMethodNotAllowed, codeControl, fmt.Sprintf("%s %s is not served; use %s", r.Method, r.URL.Path, allow), recommendFix)
		return
	case r.Header.Get("Origin") != "":
		p.writeError(w, http.StatusForbidden, codeControl, "a control call from a web page (it carries Origin) is refused", recommendFix)
		return
	case !isLoopbackHost(r.Host) && !slices.Contains(p.opts.ControlHosts, r.Host):
		p.writeError(w, http.StatusForbidden, codeControl, fmt.Sprintf("control calls are served to loopback hosts and the listen address only, not Host %q", r.Host), recommendFix)
		return
	}
	if r.Method == http.MethodPost {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			p.writeError(w, http.StatusUnsupportedMediaType, codeControl, fmt.Sprintf("POST %s takes Content-Type: application/json, body {\"name\":\"RECORDING\"}", r.URL.Path), recommendFix)
			return
		}
	}
	switch name {
	case "health":
		controlJSON(w, http.StatusOK, map[string]any{"status": "ok", "mode": p.opts.Mode, "recordings": p.names()})
	case "recordings":
		controlJSON(w, http.StatusOK, map[string]any{"recordings": p.names()})
	case "recordings/start", "recordings/stop":
		var in struct {
			Name string `json:"name"`
		}
		dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			p.writeError(w, http.StatusBadRequest, codeControl, fmt.Sprintf("the body is not {\"name\":\"RECORDING\"}: %v", err), recommendFix)
			return
		}
		if err := checkName(in.Name); err != nil {
			p.writeError(w, http.StatusBadRequest, codeControl, err.Error(), recommendFix)
			return
		}
		if name == "recordings/start" {
			if _, err := p.recording(in.Name, true); err != nil {
				p.writeError(w, http.StatusConflict, codeControl, err.Error(), recommendFix)
				return
			}
			controlJSON(w, http.StatusOK, map[string]any{"status": "ok", "name": in.Name, "mode": p.opts.Mode})
			return
		}
		report, err := p.Stop(in.Name)
		if report == nil {
			p.writeError(w, http.StatusNotFound, codeControl, err.Error(), recommendFix)
			return
		}
		if err != nil {
			p.writeError(w, http.StatusInternalServerError, codeControl, err.Error(), recommendFix)
			return
		}
		report.mu.Lock()
		data, _ := json.Marshal(report)
		report.mu.Unlock()
		var out map[string]any
		json.Unmarshal(data, &out)
		out["summary"] = report.Summary()
		controlJSON(w, http.StatusOK, out)
	}
}

// names lists the active recordings.
func (p *Proxy) names() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, 0, len(p.active))
	for n := range p.active {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func controlJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
