package main

import (
	"io"
	"sync"
	"time"
)

// logWriter batches the log in memory: the first line into an empty buffer
// wakes the flusher, which writes out everything logged within logLinger
// of it; a full buffer (logBufferSize) and Close write out at once. A
// request's line then costs a copy instead of a write(2) of its own: under
// load the write was the largest single cost of the request log (a system
// call per request, with the handler holding slog's lock around it), and
// a batch carries every line of its few milliseconds. An idle server's
// line is out within about logLinger, so whoever reads the log right after
// a request (a script counting the calls of a run) finds it there; with
// a fixed 100 ms interval such lines landed in the next run's count. A
// crash loses at most the last logLinger of lines.
type logWriter struct {
	mu   sync.Mutex
	out  io.Writer
	buf  []byte
	err  error         // the first write error, kept for Close
	wake chan struct{} // a line went into an empty buffer
	stop chan struct{}
	done chan struct{}
}

const (
	logBufferSize = 64 << 10
	logLinger     = 2 * time.Millisecond
)

// newLogWriter starts the flusher of a logWriter writing to out.
func newLogWriter(out io.Writer) *logWriter {
	l := &logWriter{out: out, buf: make([]byte, 0, logBufferSize), wake: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{})}
	go l.flushAfterLinger(logLinger)
	return l
}

// Write keeps p, whole: slog writes each record with one Write, so lines
// are never split between two flushes.
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) == 0 {
		select {
		case l.wake <- struct{}{}:
		default: // the flusher is woken already
		}
	}
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

// flushAfterLinger writes out the buffer d after each wake-up, until stop.
func (l *logWriter) flushAfterLinger(d time.Duration) {
	defer close(l.done)
	for {
		select {
		case <-l.stop:
			return
		case <-l.wake:
		}
		select {
		case <-l.stop:
			return // Close writes out the rest
		case <-time.After(d):
		}
		l.Flush()
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
