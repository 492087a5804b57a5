package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/httpserve"
)

// servePprof serves net/http/pprof on its own listener, apart from the API,
// so that profiling a loaded emulator needs no change to what it answers.
// Profiles show the program's memory and command line, so the address must
// be loopback. It returns the listening server, or an error when addr is
// not loopback or cannot be opened.
func servePprof(addr string) (*http.Server, net.Addr, error) {
	if !httpserve.IsLoopback(addr) {
		return nil, nil, fmt.Errorf("-pprof %s: profiles expose the process's memory and command line; give a loopback address such as 127.0.0.1:6060", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("-pprof %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	// No write timeout: a CPU profile or trace takes as long as its
	// ?seconds= asks.
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	go srv.Serve(ln)
	return srv, ln.Addr(), nil
}
