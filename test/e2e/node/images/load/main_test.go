package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Every server binds 127.0.0.1.

func listen(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// serve accepts connections and hands each to handle, reading the request first.
func serve(t *testing.T, handle func(c *net.TCPConn)) string {
	l := listen(t)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 4096)
			_, _ = c.Read(buf)
			go handle(c.(*net.TCPConn))
		}
	}()
	return l.Addr().String()
}

func once(addr string, timeout time.Duration) Outcome {
	return NewLoad(addr, "/work?ms=1", 1, timeout).Once()
}

func TestARequestAnsweredBelow500IsOk(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(404) }))
	defer s.Close()
	if o := once(s.Listener.Addr().String(), 2*time.Second); o.Cause != "" {
		t.Fatalf("got %+v, want ok", o)
	}
}

func TestA503Is5xx(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) }))
	defer s.Close()
	if o := once(s.Listener.Addr().String(), 2*time.Second); o.Cause != "5xx" || o.Detail != "HTTP 503" {
		t.Fatalf("got %+v, want 5xx HTTP 503", o)
	}
}

func TestAClosedPortIsRefused(t *testing.T) {
	l := listen(t)
	addr := l.Addr().String()
	l.Close()
	if o := once(addr, 2*time.Second); o.Cause != "refused" {
		t.Fatalf("got %+v, want refused", o)
	}
}

func TestAConnectionResetAfterTheRequestIsReset(t *testing.T) {
	addr := serve(t, func(c *net.TCPConn) {
		_ = c.SetLinger(0) // close sends RST
		c.Close()
	})
	if o := once(addr, 2*time.Second); o.Cause != "reset" {
		t.Fatalf("got %+v, want reset", o)
	}
}

func TestAConnectionClosedWithoutAResponseIsReset(t *testing.T) {
	addr := serve(t, func(c *net.TCPConn) { c.Close() })
	if o := once(addr, 2*time.Second); o.Cause != "reset" {
		t.Fatalf("got %+v, want reset", o)
	}
}

func TestAResponseCutHalfwayIsReset(t *testing.T) {
	addr := serve(t, func(c *net.TCPConn) {
		_, _ = c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf"))
		c.Close()
	})
	if o := once(addr, 2*time.Second); o.Cause != "reset" {
		t.Fatalf("got %+v, want reset", o)
	}
}

func TestAServerThatNeverAnswersIsATimeout(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	addr := serve(t, func(c *net.TCPConn) {
		<-hold
		c.Close()
	})
	if o := once(addr, 300*time.Millisecond); o.Cause != "timeout" {
		t.Fatalf("got %+v, want timeout", o)
	}
}

func TestEveryRequestIsCountedOnceWithItsSecondAndANewConnectionEach(t *testing.T) {
	conns := make(chan struct{}, 1000)
	s := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("ms") != "1" {
			w.WriteHeader(400)
		}
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns <- struct{}{}
		}
	}
	s.Start()
	defer s.Close()
	l := NewLoad(s.Listener.Addr().String(), "/work?ms=1", 40, 2*time.Second)
	stop := make(chan struct{})
	go func() {
		// Stop once 20 requests have been answered (an event, not a wall-clock margin).
		for i := 0; i < 20; i++ {
			<-conns
		}
		close(stop)
	}()
	elapsed := l.Run(stop)
	s1 := l.Summarize(elapsed)
	if s1.Requests.Sent < 20 || s1.Requests.Ok != s1.Requests.Sent || s1.Requests.Failed != 0 {
		t.Fatalf("counts %+v", s1.Requests.Counts)
	}
	total := 0
	for _, sec := range s1.Seconds {
		total += sec.Sent
	}
	if total != s1.Requests.Sent {
		t.Fatalf("seconds add up to %d, want %d", total, s1.Requests.Sent)
	}
	if got := len(conns) + 20; got != s1.Requests.Sent {
		t.Fatalf("%d connections for %d requests: each request must open its own", got, s1.Requests.Sent)
	}
	for _, cause := range causes {
		if _, ok := s1.Requests.ByCause[cause]; !ok {
			t.Fatalf("byCause lacks %q", cause)
		}
	}
}
