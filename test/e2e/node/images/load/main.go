// Command load is the load generator `graceful-k8s rehearse --kubeconfig` runs in a pod of its scratch
// namespace. It sends GET requests at a fixed rate to one address (the Service's ClusterIP and port), a new
// TCP connection for each, classifies every outcome with the cause names of the local simulator
// (src/rehearse/report.ts: refused, reset, 5xx, timeout; plus unreachable and other, which only a real
// network shows), and prints one JSON summary line on stdout when it stops.
//
// Phases: it first sends one request every 100 ms until one succeeds (the warm-up, not counted: the
// Service's rules may not be programmed yet when the pod starts); then it serves 200 on GET /ready and
// measures. It stops on SIGTERM or SIGINT, on GET or POST /stop (answered with the summary), or after
// -duration; in-flight requests are waited for (each is bounded by -timeout) before the summary.
//
// Built static (CGO_ENABLED=0) into an image of its own binary; see test/e2e/README.md.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"sync"
	"syscall"
	"time"
)

// Causes, in report order. The first four are the simulator's names.
var causes = []string{"refused", "reset", "5xx", "timeout", "unreachable", "other"}

// SummaryKind marks the summary line among the pod's log lines.
const SummaryKind = "graceful-k8s-load-summary"

const maxSamples = 200

// Outcome is one request's result: an empty Cause is a success.
type Outcome struct {
	Cause  string
	Detail string
}

// Classify names the cause of a failed request from the error of the exchange (nil when a response was
// read to its end) and its HTTP status.
func Classify(err error, status int) Outcome {
	if err == nil {
		if status >= 500 {
			return Outcome{"5xx", fmt.Sprintf("HTTP %d", status)}
		}
		return Outcome{}
	}
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return Outcome{"refused", "ECONNREFUSED"}
	case errors.Is(err, syscall.ECONNRESET):
		return Outcome{"reset", "ECONNRESET"}
	case errors.Is(err, syscall.EPIPE):
		return Outcome{"reset", "EPIPE"}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return Outcome{"reset", "the connection closed before a complete response"}
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return Outcome{"unreachable", err.Error()}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return Outcome{"timeout", "no complete response within the timeout"}
	}
	return Outcome{"other", err.Error()}
}

// Counts are the requests of the run or of one second.
type Counts struct {
	Sent    int            `json:"sent"`
	Ok      int            `json:"ok"`
	Failed  int            `json:"failed"`
	ByCause map[string]int `json:"byCause"`
}

func newCounts() Counts {
	c := Counts{ByCause: map[string]int{}}
	for _, cause := range causes {
		c.ByCause[cause] = 0
	}
	return c
}

func (c *Counts) add(o Outcome) {
	c.Sent++
	if o.Cause == "" {
		c.Ok++
		return
	}
	c.Failed++
	c.ByCause[o.Cause]++
}

// Second is the requests sent during one second of the measurement (by send time).
type Second struct {
	AtSecond int `json:"t"`
	Counts
}

// Sample is one failed request.
type Sample struct {
	AtMs   int64  `json:"atMs"`
	Cause  string `json:"cause"`
	Detail string `json:"detail"`
}

// Summary is the JSON line printed when the load stops. Times in ms since the measurement started.
type Summary struct {
	Kind            string  `json:"kind"`
	Target          string  `json:"target"`
	Path            string  `json:"path"`
	Rps             float64 `json:"rps"`
	TimeoutMs       int64   `json:"timeoutMs"`
	StartedAtUnixMs int64   `json:"startedAtUnixMs"`
	WarmupAttempts  int     `json:"warmupAttempts"`
	WarmupMs        int64   `json:"warmupMs"`
	DurationMs      int64   `json:"durationMs"`
	StoppedBy       string  `json:"stoppedBy"`
	Requests        struct {
		Counts
		LatencyMs struct {
			P50 int64 `json:"p50"`
			P99 int64 `json:"p99"`
			Max int64 `json:"max"`
		} `json:"latencyMs"`
	} `json:"requests"`
	FailureSamples []Sample `json:"failureSamples"`
	Seconds        []Second `json:"seconds"`
}

type result struct {
	sentAt  time.Duration
	latency time.Duration
	outcome Outcome
}

// Load sends requests and collects their results.
type Load struct {
	Target  string
	Path    string
	Rps     float64
	Timeout time.Duration

	client  *http.Client
	mu      sync.Mutex
	results []result
	wg      sync.WaitGroup
}

// NewLoad makes a generator that opens a new connection per request.
func NewLoad(target, path string, rps float64, timeout time.Duration) *Load {
	transport := &http.Transport{
		Proxy:             nil,
		DisableKeepAlives: true,
		DialContext:       (&net.Dialer{Timeout: timeout}).DialContext,
	}
	return &Load{Target: target, Path: path, Rps: rps, Timeout: timeout, client: &http.Client{Transport: transport, Timeout: timeout}}
}

// Once sends one request and classifies it.
func (l *Load) Once() Outcome {
	resp, err := l.client.Get("http://" + l.Target + l.Path)
	if err != nil {
		return Classify(err, 0)
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return Classify(err, resp.StatusCode)
}

// WarmUp sends a request every interval until one succeeds or ctx ends; it returns the attempts made
// and the last failure.
func (l *Load) WarmUp(ctx context.Context, interval time.Duration) (int, Outcome, error) {
	for attempts := 1; ; attempts++ {
		o := l.Once()
		if o.Cause == "" {
			return attempts, o, nil
		}
		select {
		case <-ctx.Done():
			return attempts, o, ctx.Err()
		case <-time.After(interval):
		}
	}
}

// Run sends Rps requests per second until stop is closed, then waits for those in flight.
func (l *Load) Run(stop <-chan struct{}) time.Duration {
	start := time.Now()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	sent := 0
	for {
		select {
		case <-stop:
			elapsed := time.Since(start)
			l.wg.Wait()
			return elapsed
		case <-tick.C:
		}
		owed := int(time.Since(start).Seconds()*l.Rps) - sent
		if owed > 50 {
			owed = 50 // a stalled process does not fire a burst
		}
		for i := 0; i < owed; i++ {
			sent++
			l.wg.Add(1)
			go func(sentAt time.Duration) {
				defer l.wg.Done()
				begin := time.Now()
				o := l.Once()
				l.mu.Lock()
				l.results = append(l.results, result{sentAt: sentAt, latency: time.Since(begin), outcome: o})
				l.mu.Unlock()
			}(time.Since(start))
		}
	}
}

// Summarize counts the results.
func (l *Load) Summarize(duration time.Duration) Summary {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := Summary{Kind: SummaryKind, Target: l.Target, Path: l.Path, Rps: l.Rps, TimeoutMs: l.Timeout.Milliseconds(), DurationMs: duration.Milliseconds()}
	s.Requests.Counts = newCounts()
	s.FailureSamples = []Sample{}
	s.Seconds = []Second{}
	sort.Slice(l.results, func(i, j int) bool { return l.results[i].sentAt < l.results[j].sentAt })
	var latencies []int64
	for _, r := range l.results {
		s.Requests.add(r.outcome)
		second := int(r.sentAt / time.Second)
		for len(s.Seconds) <= second {
			s.Seconds = append(s.Seconds, Second{AtSecond: len(s.Seconds), Counts: newCounts()})
		}
		s.Seconds[second].add(r.outcome)
		if r.outcome.Cause == "" {
			latencies = append(latencies, r.latency.Milliseconds())
		} else if len(s.FailureSamples) < maxSamples {
			s.FailureSamples = append(s.FailureSamples, Sample{AtMs: r.sentAt.Milliseconds(), Cause: r.outcome.Cause, Detail: r.outcome.Detail})
		}
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	s.Requests.LatencyMs.P50 = percentile(latencies, 50)
	s.Requests.LatencyMs.P99 = percentile(latencies, 99)
	if n := len(latencies); n > 0 {
		s.Requests.LatencyMs.Max = latencies[n-1]
	}
	return s
}

// percentile of sorted values, nearest rank (as src/rehearse/latency.ts).
func percentile(sorted []int64, p int) int64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

func main() {
	target := flag.String("target", "", "host:port to load (the Service's ClusterIP and port)")
	path := flag.String("path", "/work?ms=20", "the request path")
	rps := flag.Float64("rps", 100, "requests per second, each on a new TCP connection")
	timeout := flag.Duration("timeout", 10*time.Second, "a request without a complete response after this is a timeout")
	duration := flag.Duration("duration", 10*time.Minute, "stop by itself after measuring this long")
	warmup := flag.Duration("warmup", 2*time.Minute, "give up when no request succeeded within this")
	listen := flag.String("listen", ":9090", "serves GET /ready (200 while measuring) and /stop")
	flag.Parse()
	if *target == "" || *rps <= 0 {
		fmt.Fprintln(os.Stderr, "load: -target host:port and -rps > 0 are required")
		os.Exit(2)
	}

	load := NewLoad(*target, *path, *rps, *timeout)
	var measuring sync.Once
	ready := make(chan struct{})
	stop := make(chan struct{})
	var stopOnce sync.Once
	stoppedBy := "duration"
	requestStop := func(by string) {
		stopOnce.Do(func() {
			stoppedBy = by
			close(stop)
		})
	}
	done := make(chan Summary, 1)

	mux := http.NewServeMux()
	mux.HandleFunc("/ready", func(w http.ResponseWriter, _ *http.Request) {
		select {
		case <-ready:
			fmt.Fprintln(w, "measuring")
		default:
			http.Error(w, "warming up", http.StatusServiceUnavailable)
		}
	})
	mux.HandleFunc("/stop", func(w http.ResponseWriter, _ *http.Request) {
		requestStop("request")
		s := <-done
		done <- s
		w.Header().Set("content-type", "application/json")
		_ = json.NewEncoder(w).Encode(s)
	})
	server := &http.Server{Addr: *listen, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := server.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "load: control server:", err)
		}
	}()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-signals
		requestStop("signal")
	}()

	warmStart := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), *warmup)
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	attempts, last, err := load.WarmUp(ctx, 100*time.Millisecond)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "load: no request to %s%s succeeded in %s (%d attempts; the last: %s, %s)\n", *target, *path, *warmup, attempts, last.Cause, last.Detail)
		os.Exit(1)
	}
	warmMs := time.Since(warmStart).Milliseconds()
	startedAt := time.Now()
	measuring.Do(func() { close(ready) })
	fmt.Fprintf(os.Stderr, "load: measuring %s%s at %g rps after %d warm-up request(s)\n", *target, *path, *rps, attempts)
	go func() {
		select {
		case <-time.After(*duration):
			requestStop("duration")
		case <-stop:
		}
	}()
	elapsed := load.Run(stop)
	s := load.Summarize(elapsed)
	s.StartedAtUnixMs = startedAt.UnixMilli()
	s.WarmupAttempts = attempts
	s.WarmupMs = warmMs
	s.StoppedBy = stoppedBy
	line, _ := json.Marshal(s)
	fmt.Println(string(line))
	done <- s
	// Let a /stop caller get its answer before the process exits.
	shutdown, cancelShutdown := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelShutdown()
	_ = server.Shutdown(shutdown)
}
