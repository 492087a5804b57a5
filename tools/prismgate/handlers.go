package main

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
)

// controlPrefix is the emulator's control plane: no API, so no document.
const controlPrefix = "/_emulator/"

// peekBody bounds what is read of a form body to find an RPC POST's
// Action; the rest follows unread. The suite's largest body is its 2 MiB
// oversize case, whose Action is in the query.
const peekBody = 1 << 20

// frontHandler sends each request to the Prism of its operation, or a
// control call straight to the endpoint. The request goes on unchanged: the
// body read to find the action is handed on whole.
func frontHandler(rs routes, endpoint *url.URL) http.Handler {
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			if strings.HasPrefix(r.In.URL.Path, controlPrefix) {
				r.SetURL(endpoint)
			} else if u := rs[actionOf(r.Out)]; u != nil {
				r.SetURL(u)
			} else {
				r.SetURL(rs.first())
			}
			r.Out.Host = r.In.Host
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, fmt.Sprintf("prismgate: %v", err), http.StatusBadGateway)
		},
	}
}

// backHandler forwards to the endpoint with Host set to the front's
// address, the one the client signed.
func backHandler(endpoint *url.URL, signedHost string) http.Handler {
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(endpoint)
			r.Out.Host = signedHost
		},
	}
}

// actionOf names the operation a request calls: the x-acs-action header
// (V3), else the Action parameter of the query or of a form body (RPC).
// What is read of a form body is put back in front of the rest, so the
// request travels as it came; pass the outgoing request, whose Body is the
// one sent on.
func actionOf(r *http.Request) string {
	if a := r.Header.Get("x-acs-action"); a != "" {
		return a
	}
	if a := r.URL.Query().Get("Action"); a != "" {
		return a
	}
	media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Body == nil || media != "application/x-www-form-urlencoded" {
		return ""
	}
	rest := r.Body
	head, err := io.ReadAll(io.LimitReader(rest, peekBody))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), rest), rest}
	if err != nil {
		return ""
	}
	// ParseQuery keeps the pairs it could decode when another one fails.
	form, _ := url.ParseQuery(string(head))
	return form.Get("Action")
}
