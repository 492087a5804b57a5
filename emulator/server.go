package emulator

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Server is the emulator. It is safe for concurrent use.
type Server struct {
	opts Options
	// ops is the Action table; shared holds the codes every operation
	// shares, which answer a request whose operation is not known.
	ops     map[string]*handler
	shared  errorTable
	product string
	keys    map[string]*serverKey
	nonces  *nonceCache
	faults  *faultState
	tokens  *tokenCodec
	// sleep waits out injected latency; tests replace it to stay untimed.
	sleep func(ctx context.Context, d time.Duration)
}

// New builds a Server from opts (see Options for the defaults) and the
// contracts of Options.Operations, by default every embedded one. It fails
// when an option is invalid, when an operation has no implementation here,
// or when a contract lacks something the emulator relies on.
func New(opts Options) (*Server, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Server{opts: o, sleep: sleep}
	ops := o.Operations
	if ops == nil {
		ops = specs.Operations()
	}
	if err := s.buildHandlers(ops); err != nil {
		return nil, err
	}
	s.keys = make(map[string]*serverKey, len(o.Keys))
	for _, k := range o.Keys {
		s.keys[k.ID] = newServerKey(k)
	}
	key := o.TokenKey
	if key == nil {
		key = make([]byte, 32)
		rand.Read(key)
	}
	s.tokens = newTokenCodec(key)
	s.nonces = newNonceCache(o.NonceCap)
	s.faults = newFaultState(o.Faults)
	return s, nil
}

// Handler returns the emulator as an http.Handler: the API on "/" and the
// control endpoints under /_emulator/.
func (s *Server) Handler() http.Handler { return s }

// Reset puts back Options.Fixture and forgets every nonce and fault, as
// POST /_emulator/reset does.
func (s *Server) Reset() error {
	fixture := s.opts.Fixture
	if d, ok := s.opts.Store.(defaultReplacer); ok && fixture == nil {
		// The same content as Replace(store.Default()), without decoding
		// the fixture into groups the process would then keep.
		d.ReplaceDefault()
	} else {
		if fixture == nil {
			fixture = store.Default()
		}
		if err := s.opts.Store.Replace(fixture); err != nil {
			return err
		}
	}
	s.nonces.reset()
	s.faults.set(Faults{Seed: s.opts.Faults.Seed})
	return nil
}

// defaultReplacer is a store that can put back the default fixture
// without being handed its groups (store.Memory).
type defaultReplacer interface{ ReplaceDefault() }

// SetFaults replaces the faults in force and restarts their sequence.
func (s *Server) SetFaults(f Faults) error {
	if err := f.Validate(); err != nil {
		return err
	}
	s.faults.set(f)
	return nil
}

// Faults returns the faults in force.
func (s *Server) Faults() Faults { return s.faults.get() }

// Store returns the store the emulator reads.
func (s *Server) Store() store.Store { return s.opts.Store }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.opts.Control.Disabled && strings.HasPrefix(r.URL.Path, controlPrefix) {
		s.control(w, r)
		return
	}
	start := time.Now()
	c := call{r: r}
	status, code := s.serve(w, &c)
	if s.opts.Logger != nil && !s.opts.NoRequestLog {
		s.logRequest(r.Context(), &c, status, code, start)
	}
}

// serve runs the steps of the package documentation and writes the answer.
func (s *Server) serve(w http.ResponseWriter, c *call) (int, Code) {
	e := s.decode(w, c)
	if e == nil {
		c.scheme = detectScheme(c)
		if c.scheme == schemeRPC {
			format, _ := first(c.params, "Format")
			c.xml = strings.EqualFold(format, "XML")
		}
		e = s.authenticate(c)
	}
	if e == nil {
		code, latency := s.faults.draw()
		s.sleep(c.r.Context(), latency)
		if code != "" {
			e = errCode(code)
		}
	}
	c.requestID = s.newRequestID(c)
	if e == nil {
		var o *out
		if o, e = c.h.impl.serve(*c); e == nil {
			writeAnswer(w, http.StatusOK, c.xml, o)
			return http.StatusOK, ""
		}
	}
	return s.writeError(w, c, e)
}

// The Content-Type values, shared by every answer: net/http copies the
// handler's header map when the status is written and never changes a
// value in place, so one slice can serve every request without an
// allocation per answer.
var (
	contentTypeXML  = []string{"text/xml;charset=utf-8"}
	contentTypeJSON = []string{"application/json;charset=utf-8"}
)

func setContentType(h http.Header, xml bool) {
	if xml {
		h["Content-Type"] = contentTypeXML
	} else {
		h["Content-Type"] = contentTypeJSON
	}
}

// writeAnswer writes a whole answer from its one buffer: its type, its
// length, the status, the body in a single Write. With Content-Length
// known, net/http frames the body as it is rather than in chunks; then o
// goes back to its pool.
func writeAnswer(w http.ResponseWriter, status int, xml bool, o *out) {
	h := w.Header()
	setContentType(h, xml)
	h["Content-Length"] = []string{strconv.Itoa(len(o.buf))}
	w.WriteHeader(status)
	w.Write(o.buf)
	putOut(o)
}

// writeError writes the error envelope of the contract.
func (s *Server) writeError(w http.ResponseWriter, c *call, e *apiError) (int, Code) {
	scheme := c.scheme
	if scheme == "" {
		scheme = schemeRPC
	}
	table, product := s.shared, s.product
	if c.h != nil {
		table, product = c.h.errs, c.h.op.Product
	}
	if e.code == codeSyntax {
		if c.h == nil {
			// Not even the operation could be told from the request.
			e = errCode(CodeInvalidAction)
		} else {
			e.code = c.h.syntax
		}
	}
	code, status, msg := table.render(e, scheme)
	if code == CodeThrottling {
		h := w.Header()
		limit := rateLimitHeader(s.opts.Clock())
		h["X-Ratelimit-User-Api"] = []string{limit}
		h["X-Ratelimit-User"] = []string{limit}
	}
	o := getOut(c.xml)
	o.root("Error")
	o.str("RequestId", c.requestID)
	o.str("HostId", s.opts.HostID)
	o.str("Code", string(code))
	o.str("Message", msg)
	o.str("Recommend", "https://api.aliyun.com/troubleshoot?q="+string(code)+"&product="+product+"&requestId="+c.requestID)
	if e.denied != nil {
		o.object("AccessDeniedDetail")
		o.str("AuthAction", c.h.authAction)
		o.str("AuthPrincipalType", "SubUser")
		o.str("AuthPrincipalOwnerId", e.denied.Account)
		o.str("AuthPrincipalDisplayName", "emulator-denied-user")
		o.str("NoPermissionType", "ImplicitDeny")
		o.str("PolicyType", "AccountLevelIdentityBasedPolicy")
		o.str("EncodedDiagnosticMessage", deniedDiagnostic)
		o.endObject("AccessDeniedDetail")
	}
	o.endRoot("Error")
	writeAnswer(w, status, c.xml, o)
	return status, code
}

// deniedDiagnostic stands for the encoded diagnosis of a real RAM denial.
var deniedDiagnostic = base64.StdEncoding.EncodeToString([]byte("emulator: the access key's policy does not allow the action"))

// logRequest writes one line per API request, begun at start. It names the
// access key by nothing and carries no parameter value: secrets,
// signatures and tokens cannot leak through it.
//
// The record goes to the handler directly, as slog's documentation shows
// for wrappers of its output methods: Logger.LogAttrs would also capture
// the caller's program counter (runtime.Callers, on every request) for a
// source location that would always name this function.
func (s *Server) logRequest(ctx context.Context, c *call, status int, code Code, start time.Time) {
	h := s.opts.Logger.Handler()
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	now := time.Now()
	r := slog.NewRecord(now, slog.LevelInfo, "request", 0)
	r.AddAttrs(
		slog.String("method", c.r.Method),
		slog.String("action", printable(c.action)),
		slog.String("scheme", c.scheme),
		slog.Int("status", status),
		slog.String("code", string(code)),
		slog.Duration("duration", now.Sub(start)),
		slog.String("requestId", c.requestID),
	)
	h.Handle(ctx, r)
}

// controlPrefix is the namespace of the control endpoints.
const controlPrefix = "/_emulator/"
