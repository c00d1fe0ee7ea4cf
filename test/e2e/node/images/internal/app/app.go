// Package app is the HTTP app the node images share: the routes, and a choice of what SIGTERM does.
//
// Routes: GET /ready (200; 503 once the stop signal came), GET /work?ms=N (answers "ok from <pod>" after
// N ms, default 0, at most 60000), anything else answers like /work.
// Environment: PORT (default 8080), POD_NAME (named in answers and logs).
package app

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

// OnStop is what the app does once SIGTERM (or SIGINT) arrives.
type OnStop int

const (
	// ExitAtOnce exits with status 0 the moment the signal arrives: in-flight requests are cut and
	// new connections are refused (the kernel closes the listening socket).
	ExitAtOnce OnStop = iota
	// Drain keeps serving new connections for GRACEFUL_DRAIN_DELAY_SECONDS (default 0: the graceful-k8s
	// app-drain contract, docs/how-it-works.md), then stops accepting (the listener closes: new connections
	// are refused), finishes the requests in flight, closes idle connections and exits 0; if in-flight work
	// outlives GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS (default 30) it exits 1 with that work cut.
	// This is what "drains on SIGTERM" means for a typical app (Go's http.Server.Shutdown, Node's server.close).
	Drain
)

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%s %d] %s\n", os.Getenv("POD_NAME"), os.Getpid(), fmt.Sprintf(format, args...))
}

func seconds(name string, def float64) time.Duration {
	v, err := strconv.ParseFloat(os.Getenv(name), 64)
	if err != nil || v < 0 {
		v = def
	}
	return time.Duration(v * float64(time.Second))
}

// Run serves until the stop signal, then does what onStop says. It never returns.
func Run(onStop OnStop) {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	name := os.Getenv("POD_NAME")
	if name == "" {
		name, _ = os.Hostname()
	}
	var stopping atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("/ready", func(w http.ResponseWriter, r *http.Request) {
		if stopping.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "stopping")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
		if ms > 60000 {
			ms = 60000
		}
		if ms > 0 {
			time.Sleep(time.Duration(ms) * time.Millisecond)
		}
		if stopping.Load() {
			w.Header().Set("Connection", "close")
		}
		fmt.Fprintf(w, "ok from %s\n", name)
	})
	ln, err := net.Listen("tcp", ":"+port)
	if err != nil {
		logf("listen: %v", err)
		os.Exit(2)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	signals := make(chan os.Signal, 1)
	// A Go program as PID 1 must handle the signal itself: the kernel never applies a default action to
	// PID 1 of a PID namespace (signal(7) / pid_namespaces(7)).
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		sig := <-signals
		stopping.Store(true)
		if onStop == ExitAtOnce {
			logf("%v: exiting at once", sig)
			os.Exit(0)
		}
		delay := seconds("GRACEFUL_DRAIN_DELAY_SECONDS", 0)
		budget := seconds("GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS", 30)
		logf("%v: serving %v more, then draining (budget %v)", sig, delay, budget)
		time.Sleep(delay)
		ctx, cancel := context.WithTimeout(context.Background(), budget)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			logf("shutdown budget exhausted: exiting with work left")
			os.Exit(1)
		}
		logf("drained: exiting")
		os.Exit(0)
	}()
	logf("listening on :%s", port)
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		logf("serve: %v", err)
		os.Exit(2)
	}
	select {} // Shutdown returned ErrServerClosed: the signal goroutine exits the process
}
