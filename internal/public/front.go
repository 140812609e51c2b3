package public

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// Front serves the site on a listener: each connection starts on a small, strict HTTP/1.1
// reader that answers plain GET and HEAD requests of detail pages (/algoritme/{id},
// /en/algoritme/{id}) itself, with the same bytes the handler would send, and hands the
// connection to the http.Server for the rest of its life at the first request it does not
// fully understand (the bytes already read are replayed first).
//
// Why: a cached detail page costs the handler microseconds, but net/http's per-request work
// (parsing into maps, the response writer, two writes) made the site serve less than half of
// what nginx serves of the same page from disk (issue 7). The fast path applies the same rate
// limiter, ETag/If-None-Match, security headers and timeouts; with TLS it is off.
type Front struct {
	s  *Server
	hs *http.Server

	hdrTimeout, idleTimeout, writeTimeout time.Duration
	maxHead                               int // longest request head the fast path reads

	handoff  chan net.Conn // connections for hs, taken by handoffListener.Accept
	done     chan struct{} // closed when the front stops accepting
	stopOnce sync.Once
	closing  atomic.Bool

	mu        sync.Mutex
	ln        net.Listener
	acceptErr error
	conns     map[*fastConn]struct{}
	wg        sync.WaitGroup // fast-path connections still open
}

// Front returns the front for hs, whose Handler it sets to s.Handler(). Serve and Shutdown
// replace hs's own.
func (s *Server) Front(hs *http.Server) *Front {
	hs.Handler = s.Handler()
	f := &Front{
		s: s, hs: hs,
		hdrTimeout:   hs.ReadHeaderTimeout,
		idleTimeout:  hs.IdleTimeout,
		writeTimeout: hs.WriteTimeout,
		maxHead:      maxFastHead,
		handoff:      make(chan net.Conn),
		done:         make(chan struct{}),
		conns:        map[*fastConn]struct{}{},
	}
	// net/http's own fallbacks when a timeout is not set
	if f.hdrTimeout <= 0 {
		f.hdrTimeout = hs.ReadTimeout
	}
	if f.idleTimeout <= 0 {
		f.idleTimeout = hs.ReadTimeout
	}
	if hs.MaxHeaderBytes > 0 {
		f.maxHead = min(f.maxHead, hs.MaxHeaderBytes) // never accept what net/http would refuse
	}
	return f
}

// Serve accepts connections on ln until Shutdown or Close, like http.Server.Serve (it returns
// http.ErrServerClosed after those). Call it once.
func (f *Front) Serve(ln net.Listener) error {
	if f.hs.TLSConfig != nil {
		return f.hs.Serve(ln) // connections are TLS: no fast path
	}
	f.mu.Lock()
	if f.closing.Load() {
		f.mu.Unlock()
		_ = ln.Close()
		return http.ErrServerClosed
	}
	f.ln = ln
	f.mu.Unlock()
	go f.acceptLoop(ln)
	return f.hs.Serve(&handoffListener{f: f, addr: ln.Addr()})
}

// Shutdown stops accepting, lets requests in flight finish and closes idle connections, on
// both paths, until ctx ends.
func (f *Front) Shutdown(ctx context.Context) error {
	err := f.hs.Shutdown(ctx)
	f.stop(nil)
	done := make(chan struct{})
	go func() { f.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		f.closeAll()
		if err == nil {
			err = ctx.Err()
		}
	}
	return err
}

// Close closes the listener and every connection at once.
func (f *Front) Close() error {
	err := f.hs.Close()
	f.stop(nil)
	f.closeAll()
	return err
}

// stop ends accepting, once; err (nil for a shutdown) is what Accept reports to hs.
func (f *Front) stop(err error) {
	f.stopOnce.Do(func() {
		f.mu.Lock()
		f.closing.Store(true)
		f.acceptErr = err
		ln := f.ln
		var idle []*fastConn
		for fc := range f.conns {
			if fc.idle.Load() {
				idle = append(idle, fc)
			}
		}
		f.mu.Unlock()
		close(f.done)
		if ln != nil {
			_ = ln.Close()
		}
		// Wake connections waiting for a next request; they see closing and close. A
		// connection marks itself idle only after setting its own deadline and checks closing
		// before it reads, so none waits out its idle timeout.
		for _, fc := range idle {
			_ = fc.SetReadDeadline(time.Unix(1, 0))
		}
	})
}

func (f *Front) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for fc := range f.conns {
		_ = fc.Close()
	}
}

// acceptLoop accepts connections and starts each on the fast path.
func (f *Front) acceptLoop(ln net.Listener) {
	var delay time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if f.closing.Load() {
				return
			}
			// as net/http: back off on temporary errors such as running out of descriptors
			if te, ok := err.(interface{ Temporary() bool }); ok && te.Temporary() {
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				f.s.log.Error("verbinding niet aangenomen; opnieuw", "fout", err, "wacht", delay.String())
				time.Sleep(delay)
				continue
			}
			f.stop(err)
			return
		}
		delay = 0
		fc := &fastConn{Conn: c}
		f.mu.Lock()
		if f.closing.Load() {
			f.mu.Unlock()
			_ = c.Close()
			return
		}
		f.conns[fc] = struct{}{}
		f.wg.Add(1)
		f.mu.Unlock()
		go f.serveConn(fc)
	}
}

// handoffListener gives hs the connections the fast path hands over.
type handoffListener struct {
	f    *Front
	addr net.Addr
}

func (l *handoffListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.f.handoff:
		return c, nil
	case <-l.f.done:
		l.f.mu.Lock()
		err := l.f.acceptErr
		l.f.mu.Unlock()
		if err == nil {
			err = net.ErrClosed
		}
		return nil, err
	}
}

// Close stops the whole front: hs closes its listeners on Shutdown and Close.
func (l *handoffListener) Close() error { l.f.stop(nil); return nil }

func (l *handoffListener) Addr() net.Addr { return l.addr }

// fastConn is a connection on the fast path.
type fastConn struct {
	net.Conn
	idle atomic.Bool // waiting for the next request with nothing read

	buf  []byte // read buffer: buf[r:w] is read and not yet answered
	r, w int
	out  []byte // response head being written
	key  []byte // page cache key
	ip   string // the peer's address, for the rate limiter
}

var readBufs = sync.Pool{New: func() any { b := make([]byte, maxFastHead); return &b }}

// serveConn answers requests on c until one needs net/http, the client closes, a timeout
// passes or the front stops.
func (f *Front) serveConn(fc *fastConn) {
	defer f.wg.Done()
	handedOff := false
	defer func() {
		if v := recover(); v != nil {
			f.s.log.Error("paniek in snelle route", "fout", fmt.Sprint(v))
		}
		f.mu.Lock()
		delete(f.conns, fc)
		f.mu.Unlock()
		if !handedOff {
			_ = fc.Close()
		}
		buf := fc.buf[:cap(fc.buf)]
		fc.buf = nil
		readBufs.Put(&buf)
	}()
	fc.buf = (*readBufs.Get().(*[]byte))[:f.maxHead]
	fc.ip = clientIP(&http.Request{RemoteAddr: fc.RemoteAddr().String()})
	var req fastRequest
	// The first request must arrive within the header timeout; later ones may wait the idle
	// timeout for their first byte and then have the header timeout, as in net/http.
	hdrDeadline := deadline(f.hdrTimeout)
	for {
		if fc.r == fc.w {
			fc.r, fc.w = 0, 0
			if hdrDeadline.IsZero() {
				if err := fc.SetReadDeadline(deadline(f.idleTimeout)); err != nil {
					return
				}
			} else if err := fc.SetReadDeadline(hdrDeadline); err != nil {
				return
			}
			fc.idle.Store(true)
			if f.closing.Load() {
				return
			}
			n, err := fc.Read(fc.buf)
			fc.idle.Store(false)
			if n == 0 {
				_ = err
				return // closed, timed out or woken by stop
			}
			fc.w = n
		}
		n, v := parseRequest(fc.buf[fc.r:fc.w], f.maxHead, &req)
		switch v {
		case needMore:
			if hdrDeadline.IsZero() {
				hdrDeadline = deadline(f.hdrTimeout)
				if err := fc.SetReadDeadline(hdrDeadline); err != nil {
					return
				}
			}
			if fc.r > 0 {
				fc.w = copy(fc.buf, fc.buf[fc.r:fc.w])
				fc.r = 0
			}
			m, err := fc.Read(fc.buf[fc.w:])
			if m == 0 {
				_ = err
				return
			}
			fc.w += m
			continue
		case handOff:
			handedOff = f.handOff(fc)
			return
		}
		ok, err := f.answer(fc, &req)
		if err != nil {
			return
		}
		if !ok {
			handedOff = f.handOff(fc)
			return
		}
		fc.r += n
		hdrDeadline = time.Time{}
		if f.closing.Load() {
			return
		}
	}
}

// deadline is now+d, or no deadline for d <= 0.
func deadline(d time.Duration) time.Time {
	if d <= 0 {
		return time.Time{}
	}
	return time.Now().Add(d)
}

// answer writes the response to req if the fast path can give it: the page is cached or its
// description exists, and the rate limiter allows the client. It reports false to hand off
// (a 404, a 429, a rendering error: net/http answers those).
func (f *Front) answer(fc *fastConn, req *fastRequest) (bool, error) {
	now := time.Now()
	if f.s.limiter != nil {
		if _, ok := f.s.limiter.allow(fc.ip, now); !ok {
			return false, nil // the normal path asks again and answers 429
		}
	}
	snap := f.s.snap()
	fc.key = append(append(append(fc.key[:0], req.lang...), 0), req.id...)
	c := snap.cachedPageKey(fc.key)
	if c == nil {
		i, ok := snap.byID[string(req.id)]
		if !ok {
			return false, nil
		}
		path := string(req.path)
		p := newPage(req.lang, &url.URL{Path: path}, snap)
		var err error
		if c, err = f.s.renderDetailPage(p, snap, i, path); err != nil {
			return false, nil
		}
	}
	head, body := c.head, c.body
	if len(req.inm) > 0 && etagMatches(string(req.inm), c.etag) {
		head, body = c.head304(), nil
	}
	if req.head {
		body = nil
	}
	out := append(append(append(fc.out[:0], head...), "Date: "...), httpDate(now)...)
	closing := f.closing.Load()
	if closing {
		out = append(out, "\r\nConnection: close"...) // what net/http says while shutting down
	}
	out = append(out, "\r\n\r\n"...)
	fc.out = out
	if f.writeTimeout > 0 {
		if err := fc.SetWriteDeadline(now.Add(f.writeTimeout)); err != nil {
			return false, err
		}
	}
	var err error
	if len(body) == 0 {
		_, err = fc.Write(out)
	} else {
		bufs := net.Buffers{out, body}
		_, err = bufs.WriteTo(fc.Conn)
	}
	return true, err
}

// handOff gives the connection to net/http with the unanswered bytes replayed first. It
// reports whether hs took it (not when the front is stopping: then the caller closes it).
func (f *Front) handOff(fc *fastConn) bool {
	pending := append([]byte(nil), fc.buf[fc.r:fc.w]...)
	f.mu.Lock()
	delete(f.conns, fc)
	f.mu.Unlock()
	// net/http sets its own read and write deadlines per request, but not when its timeouts
	// are zero: clear ours.
	if err := fc.SetDeadline(time.Time{}); err != nil {
		return false
	}
	rc := &replayConn{Conn: fc.Conn, pending: pending}
	select {
	case f.handoff <- rc:
		return true
	case <-f.done:
		return false
	}
}

// replayConn reads pending before the connection itself.
type replayConn struct {
	net.Conn
	pending []byte
}

func (c *replayConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		if len(c.pending) == 0 {
			c.pending = nil
		}
		return n, nil
	}
	return c.Conn.Read(p)
}

// CloseWrite lets net/http half-close as it does on a plain TCP connection.
func (c *replayConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom keeps sendfile for downloads (net/http uses it when the connection has ReadFrom).
func (c *replayConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

// httpDate is the Date header value for now, formatted once per second.
func httpDate(now time.Time) []byte {
	sec := now.Unix()
	if d := dateCache.Load(); d != nil && d.sec == sec {
		return d.b
	}
	d := &cachedDate{sec: sec, b: now.UTC().AppendFormat(nil, http.TimeFormat)}
	dateCache.Store(d)
	return d.b
}

type cachedDate struct {
	sec int64
	b   []byte
}

var dateCache atomic.Pointer[cachedDate]
