// Package httpserve runs the project's HTTP servers (ecsemu, the replay
// server, any later proxy) with bounded resources: read, write and idle
// timeouts, a cap on concurrent connections and on header size, optional
// TLS (given or self-signed), each HTTP/1 answer sent in one write
// (coalesce.go), and the flags that set them, so that each server's main
// only chooses its handler.
package httpserve

import (
	"errors"
	"flag"
	"fmt"
	"time"
)

// Limits bound what one client can hold of a server. The zero value of a
// field means its default (DefaultLimits); every server of the project
// documents these in the README.
type Limits struct {
	// ReadHeaderTimeout bounds the request line and headers.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds the whole request, headers and body: a body
	// trickled byte by byte is cut off when it runs out.
	ReadTimeout time.Duration
	// WriteTimeout bounds the time from the end of the request headers to
	// the end of the answer. It must exceed the longest injected latency
	// (emulator.MaxLatency, one minute), or delayed answers are cut.
	WriteTimeout time.Duration
	// IdleTimeout closes a keep-alive connection that sends nothing.
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds the request line and headers together.
	MaxHeaderBytes int
	// MaxBodyBytes bounds a request body; each server enforces it with its
	// own answer (ecsemu: 413 RequestTooLarge).
	MaxBodyBytes int64
	// MaxConns caps the connections served at once; more wait in the
	// listen queue until one closes.
	MaxConns int
}

// Defaults of Limits.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 2 * time.Minute
	DefaultIdleTimeout       = 60 * time.Second
	DefaultMaxHeaderBytes    = 64 << 10
	DefaultMaxBodyBytes      = 1 << 20
	DefaultMaxConns          = 1024
)

// DefaultLimits returns the limits every server starts with.
func DefaultLimits() Limits {
	return Limits{
		ReadHeaderTimeout: DefaultReadHeaderTimeout,
		ReadTimeout:       DefaultReadTimeout,
		WriteTimeout:      DefaultWriteTimeout,
		IdleTimeout:       DefaultIdleTimeout,
		MaxHeaderBytes:    DefaultMaxHeaderBytes,
		MaxBodyBytes:      DefaultMaxBodyBytes,
		MaxConns:          DefaultMaxConns,
	}
}

// withDefaults fills the zero fields.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.ReadHeaderTimeout == 0 {
		l.ReadHeaderTimeout = d.ReadHeaderTimeout
	}
	if l.ReadTimeout == 0 {
		l.ReadTimeout = d.ReadTimeout
	}
	if l.WriteTimeout == 0 {
		l.WriteTimeout = d.WriteTimeout
	}
	if l.IdleTimeout == 0 {
		l.IdleTimeout = d.IdleTimeout
	}
	if l.MaxHeaderBytes == 0 {
		l.MaxHeaderBytes = d.MaxHeaderBytes
	}
	if l.MaxBodyBytes == 0 {
		l.MaxBodyBytes = d.MaxBodyBytes
	}
	if l.MaxConns == 0 {
		l.MaxConns = d.MaxConns
	}
	return l
}

// Validate says which limit is wrong and how to fix it.
func (l Limits) Validate() error {
	var errs []error
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{
		{"-read-header-timeout", l.ReadHeaderTimeout}, {"-read-timeout", l.ReadTimeout},
		{"-write-timeout", l.WriteTimeout}, {"-idle-timeout", l.IdleTimeout},
	} {
		if d.v < 0 {
			errs = append(errs, fmt.Errorf("%s %v is negative; give a positive duration (0 keeps the default)", d.flag, d.v))
		}
	}
	if l.MaxHeaderBytes < 0 {
		errs = append(errs, fmt.Errorf("-max-header-bytes %d is negative; give a positive size (0 keeps %d)", l.MaxHeaderBytes, DefaultMaxHeaderBytes))
	}
	if l.MaxBodyBytes < 0 {
		errs = append(errs, fmt.Errorf("-max-body-bytes %d is negative; give a positive size (0 keeps %d)", l.MaxBodyBytes, DefaultMaxBodyBytes))
	}
	if l.MaxConns < 0 {
		errs = append(errs, fmt.Errorf("-max-conns %d is negative; give a positive count (0 keeps %d)", l.MaxConns, DefaultMaxConns))
	}
	return errors.Join(errs...)
}

// BindFlags registers one flag per limit on fs, defaulting to l.
func (l *Limits) BindFlags(fs *flag.FlagSet) {
	fs.DurationVar(&l.ReadHeaderTimeout, "read-header-timeout", l.ReadHeaderTimeout, "time allowed for a request's line and headers")
	fs.DurationVar(&l.ReadTimeout, "read-timeout", l.ReadTimeout, "time allowed for a whole request, body included (a trickled body is cut off)")
	fs.DurationVar(&l.WriteTimeout, "write-timeout", l.WriteTimeout, "time allowed from a request's headers to the end of its answer (keep it above -latency)")
	fs.DurationVar(&l.IdleTimeout, "idle-timeout", l.IdleTimeout, "an idle keep-alive connection is closed after this")
	fs.IntVar(&l.MaxHeaderBytes, "max-header-bytes", l.MaxHeaderBytes, "largest request line and headers, in bytes")
	fs.Int64Var(&l.MaxBodyBytes, "max-body-bytes", l.MaxBodyBytes, "largest request body, in bytes")
	fs.IntVar(&l.MaxConns, "max-conns", l.MaxConns, "connections served at once; more wait until one closes")
}
