package emulator

import (
	"context"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"
)

// ControlOptions protect the control endpoints under /_emulator/, which can
// replace every group, make every call fail and forget every nonce. The
// zero value serves them to programs on this machine only: a request that
// carries an Origin header (a web page's), names a Host that is neither
// loopback nor one of Hosts (DNS rebinding), or posts a body that is not
// JSON (or, for fixtures, YAML) is refused and changes nothing. A browser
// cannot send such a body across origins without a preflight, which the
// emulator never grants.
type ControlOptions struct {
	// Disabled removes the control plane: /_emulator/ paths are then
	// answered like any path the API does not serve (InvalidAction.NotFound).
	Disabled bool
	// Token, when set, must come with every control call as
	// "Authorization: Bearer <Token>"; otherwise the answer is 401.
	Token string
	// Hosts are Host header values accepted besides the loopback ones
	// (localhost, 127.0.0.0/8 and ::1, any port): the address a server
	// listens on when it is not loopback, or the name of an in-process
	// endpoint. Compared without regard to case.
	Hosts []string
}

// Content types a control POST may carry. They are not CORS-safelisted,
// so a page in a browser cannot send them to another origin unasked.
var (
	controlJSONTypes    = []string{"application/json"}
	controlFixtureTypes = []string{"application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
)

// guardControl refuses a control call that ControlOptions do not allow,
// writing the answer; it reports whether the call may go on. Nothing is
// read or changed before it returns true.
func (s *Server) guardControl(w http.ResponseWriter, r *http.Request, name string) bool {
	o := s.opts.Control
	if len(r.Header["Origin"]) > 0 {
		controlError(w, http.StatusForbidden, fmt.Errorf("control calls from web pages are refused: the request carries Origin %q; call %s from a program (curl, the suite, an SDK test), which sends no Origin", printable(r.Header.Get("Origin")), printable(r.URL.Path)))
		return false
	}
	if !s.controlHostAllowed(r.Host) {
		controlError(w, http.StatusForbidden, fmt.Errorf("control calls must name a loopback Host or the listen address; Host %q is neither (a DNS-rebinding page sends its own name): use http://127.0.0.1:PORT", printable(r.Host)))
		return false
	}
	if o.Token != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if len(r.Header["Authorization"]) != 1 || !ok || subtle.ConstantTimeCompare([]byte(got), []byte(o.Token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ecsemu control"`)
			controlError(w, http.StatusUnauthorized, fmt.Errorf("control calls need the control token: send \"Authorization: Bearer TOKEN\" with the token ecsemu was started with (-control-token or ECSEMU_CONTROL_TOKEN)"))
			return false
		}
	}
	if r.Method == http.MethodPost {
		allowed := controlJSONTypes
		if name == "fixtures" {
			allowed = controlFixtureTypes
		}
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || !contains(allowed, strings.ToLower(mt)) {
			controlError(w, http.StatusUnsupportedMediaType, fmt.Errorf("POST %s needs Content-Type %s (got %q), even with an empty body", r.URL.Path, strings.Join(allowed, " or "), printable(r.Header.Get("Content-Type"))))
			return false
		}
	}
	return true
}

// controlHostAllowed reports whether host (a Host header: name or IP, with
// or without a port) is loopback or one of ControlOptions.Hosts.
func (s *Server) controlHostAllowed(host string) bool {
	for _, h := range s.opts.Control.Hosts {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.TrimSuffix(strings.TrimPrefix(name, "["), "]")
	if strings.EqualFold(name, "localhost") {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// statusRecorder remembers the status a control handler answered with, for
// the log line.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// logControl writes one line per control call, like logRequest does for API
// calls; it carries no header or body value, so no token can leak.
func (s *Server) logControl(ctx context.Context, r *http.Request, status int, d time.Duration) {
	s.opts.Logger.LogAttrs(ctx, slog.LevelInfo, "control",
		slog.String("method", r.Method),
		slog.String("path", printable(r.URL.Path)),
		slog.Int("status", status),
		slog.Duration("duration", d),
		slog.String("remote", r.RemoteAddr),
	)
}
