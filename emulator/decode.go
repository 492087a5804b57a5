package emulator

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Signature schemes, as specs.ErrorCode.Render names them.
const (
	schemeRPC = "rpc"
	schemeV3  = "v3"
)

// call is one API request as decoded, with what authentication learns.
type call struct {
	r      *http.Request
	scheme string
	xml    bool // answer in XML: an RPC request with Format=XML
	// query holds the query parameters (what V3 signs), params the query and
	// the form body merged (what RPC signs and the operation reads). Both are
	// fully form-decoded; empty values are kept.
	query, params url.Values
	body          []byte
	action        string
	// h is the handler of the Action, once known; nil before, or when the
	// Action names no operation.
	h         *handler
	nonce     string
	account   string
	requestID string
}

// formContentType is the only body the API reads parameters from.
const formContentType = "application/x-www-form-urlencoded"

// decode reads the transport: route, sizes, query and body. It fills c and
// answers the transport's error, if any. The request is not authenticated yet.
func (s *Server) decode(w http.ResponseWriter, c *call) *apiError {
	r := c.r
	if r.URL.Path != "/" || (r.Method != http.MethodGet && r.Method != http.MethodPost) {
		return errCode(CodeInvalidAction)
	}
	if len(r.URL.RawQuery) > MaxQueryBytes {
		return errCode(CodeRequestTooLarge)
	}
	q, bad, err := parseForm(r.URL.RawQuery, nil)
	if err != nil {
		return s.malformed(c, q, bad)
	}
	c.query, c.params = q, q
	if e := s.readBody(w, c); e != nil {
		return e
	}
	if len(c.body) > 0 {
		if !isForm(headerValue(r.Header, "Content-Type")) {
			return s.malformed(c, q, "Content-Type")
		}
		merged := make(url.Values, len(q)+8)
		for k, v := range q {
			merged[k] = v
		}
		if _, bad, err := parseForm(string(c.body), merged); err != nil {
			return s.malformed(c, merged, bad)
		}
		c.params = merged
	}
	return nil
}

// readBody reads the body, bounded by Options.MaxBodyBytes.
func (s *Server) readBody(w http.ResponseWriter, c *call) *apiError {
	r := c.r
	if r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	if r.ContentLength > s.opts.MaxBodyBytes {
		return errCode(CodeRequestTooLarge)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return errCode(CodeRequestTooLarge)
	case err != nil:
		// The client went away or sent a broken chunked body; nobody reads
		// the answer, but it must still be a contract code.
		return s.malformed(c, c.params, "Body")
	}
	c.body = body
	return nil
}

// malformed answers a request whose parameter name cannot be decoded. The
// code is the syntax code of the operation the request names, read from what
// did decode (p), as authentication would read it; the request is not
// authenticated, but its operation's contract words the answer. A request
// that names no operation gets InvalidAction.NotFound when written.
func (s *Server) malformed(c *call, p url.Values, name string) *apiError {
	c.h = s.ops[requestedAction(c.r.Header, p)]
	return errParam(codeSyntax, name)
}

// requestedAction is the Action a request names, read as detectScheme and
// the envelopes read it: the x-acs-action header of a V3 request, the Action
// parameter of an RPC one.
func requestedAction(h http.Header, p url.Values) string {
	if len(h["Authorization"]) == 0 {
		if vs := p["Action"]; len(vs) > 0 {
			return vs[0]
		}
	}
	return headerValue(h, hdrAction)
}

// isForm reports whether a Content-Type is the form encoding, with any
// parameters (charset=utf-8) and in any case.
func isForm(ct string) bool {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.EqualFold(strings.TrimSpace(ct), formContentType)
}

var errMalformed = errors.New("malformed parameter")

// parseForm decodes an application/x-www-form-urlencoded string strictly:
// '+' is a space, %XX a byte, and a bad escape, invalid UTF-8 or a NUL in a
// name or value is an error naming the first offending parameter (as
// printable as it can be made). Pairs without '=' have an empty value; empty
// pairs are skipped; ';' is an ordinary character. It adds to into (or a new
// map), also on error: the pairs that decoded are there, so that the
// request's Action can still be told.
func parseForm(s string, into url.Values) (url.Values, string, error) {
	pairs := strings.Count(s, "&") + 1
	if into == nil {
		into = make(url.Values, pairs)
	}
	// The first value of each name is carved from one array, each with
	// capacity 1, so that a second value of the name moves to its own.
	backing := make([]string, pairs)
	used := 0
	bad := ""
	var failed error
	fail := func(name string) {
		if failed == nil {
			bad, failed = printable(name), errMalformed
		}
	}
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(pair, "=")
		name, err := unescape(rawName)
		if err != nil {
			fail(rawName)
			continue
		}
		value, err := unescape(rawValue)
		if err != nil {
			fail(name)
			continue
		}
		if vs, ok := into[name]; ok {
			into[name] = append(vs, value)
		} else {
			backing[used] = value
			into[name] = backing[used : used+1 : used+1]
			used++
		}
	}
	return into, bad, failed
}

// unescape form-decodes s and refuses text the API cannot carry.
func unescape(s string) (string, error) {
	if strings.IndexByte(s, '%') >= 0 || strings.IndexByte(s, '+') >= 0 {
		var err error
		if s, err = url.QueryUnescape(s); err != nil {
			return "", err
		}
	}
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		return "", errMalformed
	}
	return s, nil
}

// printable makes a name fit for an error message: valid UTF-8 without
// control characters, at most 64 bytes.
func printable(s string) string {
	// The Action of nearly every request is printable ASCII already.
	plain := len(s) <= 64
	for i := 0; plain && i < len(s); i++ {
		plain = 0x20 <= s[i] && s[i] < 0x7f
	}
	if plain {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '\uFFFD'
		}
		return r
	}, s)
	if len(s) > 64 {
		cut := 64
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// first returns the first value of a parameter and how many were sent.
func first(v url.Values, name string) (string, int) {
	vs := v[name]
	if len(vs) == 0 {
		return "", 0
	}
	return vs[0], len(vs)
}
