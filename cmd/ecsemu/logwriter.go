package main

import (
	"io"
	"sync"
	"time"
)

// logWriter batches the log in memory and writes it out every
// logFlushInterval, when logBufferSize fills up, and on Close. A request's
// line then costs a copy instead of a write(2) of its own: under load the
// write was the largest single cost of the request log (a system call per
// request, with the handler holding slog's lock around it). The price is
// that a crash loses at most the last logFlushInterval of lines.
type logWriter struct {
	mu   sync.Mutex
	out  io.Writer
	buf  []byte
	err  error // the first write error, kept for Close
	stop chan struct{}
	done chan struct{}
}

const (
	logBufferSize    = 64 << 10
	logFlushInterval = 100 * time.Millisecond
)

// newLogWriter starts the flusher of a logWriter writing to out.
func newLogWriter(out io.Writer) *logWriter {
	l := &logWriter{out: out, buf: make([]byte, 0, logBufferSize), stop: make(chan struct{}), done: make(chan struct{})}
	go l.flushEvery(logFlushInterval)
	return l
}

// Write keeps p, whole: slog writes each record with one Write, so lines
// are never split between two flushes.
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf)+len(p) > logBufferSize {
		l.flushLocked()
	}
	if len(p) > logBufferSize {
		l.write(p)
		return len(p), nil
	}
	l.buf = append(l.buf, p...)
	return len(p), nil
}

func (l *logWriter) flushEvery(d time.Duration) {
	defer close(l.done)
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			l.Flush()
		}
	}
}

// Flush writes out what is buffered.
func (l *logWriter) Flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.flushLocked()
	return l.err
}

func (l *logWriter) flushLocked() {
	if len(l.buf) > 0 {
		l.write(l.buf)
		l.buf = l.buf[:0]
	}
}

func (l *logWriter) write(p []byte) {
	if _, err := l.out.Write(p); err != nil && l.err == nil {
		l.err = err
	}
}

// Close stops the flusher and writes out the rest; the writer still
// accepts lines afterwards, written at the next Flush or Close.
func (l *logWriter) Close() error {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	<-l.done
	return l.Flush()
}
