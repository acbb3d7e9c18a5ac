// Command leaky-service is the service of Sleuth's seed story: a small HTTP service that leaks memory.
//
//	leaky-service -addr 127.0.0.1:8080 -mode leak|steady|goroutines -payload 65536
//
// Every request to /work allocates a payload and writes to all of it (so it is resident). In leak mode
// retainPayload keeps every payload in a package-level slice that is never trimmed: memory grows with the
// request count until the kernel OOM-kills the process. In steady mode windowPayload makes the same
// allocations but keeps only the last 64, so memory shows a GC sawtooth that levels off.
//
// /metrics serves leaky_requests_total (Prometheus text format); /debug/pprof/ is net/http/pprof on the
// same mux. Standard library only.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"runtime"
	"sync"
	"sync/atomic"
)

// Sample about one allocation per 4 KiB (the default is 512 KiB), so heap profiles are precise at
// these sizes.
func init() { runtime.MemProfileRate = 4096 }

const windowSize = 64

var (
	mu       sync.Mutex
	retained [][]byte // leak mode: every payload, forever
	window   [][]byte // steady mode: the last windowSize payloads
	next     int      // steady mode: where the next payload goes in window

	requests      atomic.Int64
	retainedBytes atomic.Int64
)

// retainPayload is the leak: it allocates the request's payload and appends it to a package-level slice
// that nothing ever trims.
//
//go:noinline
func retainPayload(n int) {
	mu.Lock()
	defer mu.Unlock()
	retained = append(retained, make([]byte, n)) // LEAK: every payload is kept forever
	touch(retained[len(retained)-1])
	retainedBytes.Add(int64(n))
}

// windowPayload makes the same allocation but keeps only the last windowSize payloads: the steady twin.
//
//go:noinline
func windowPayload(n int) {
	mu.Lock()
	defer mu.Unlock()
	p := make([]byte, n)
	touch(p)
	if len(window) < windowSize {
		window = append(window, p)
		retainedBytes.Add(int64(n))
	} else {
		retainedBytes.Add(int64(n - len(window[next])))
		window[next] = p
		next = (next + 1) % windowSize
	}
}

// neverReady is never sent to and never closed: a receive from it blocks forever.
var neverReady = make(chan struct{})

// leakBlockedGoroutine is the goroutine leak of -mode goroutines: every /work request starts a goroutine on
// it (and allocates no payload), which waits for a signal that never comes, so it stays blocked, and is
// never collected, for the life of the process. The goroutine count grows with the request count, all on
// this one stack.
//
//go:noinline
func leakBlockedGoroutine() {
	<-neverReady // GOROUTINE LEAK: blocks forever; one such goroutine per request
}

// touch writes every page of p, so the payload is resident memory and not only address space.
func touch(p []byte) {
	for i := 0; i < len(p); i += 512 {
		p[i] = byte(i)
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address, :0 for any free port (also serves /debug/pprof/ and /metrics)")
	mode := flag.String("mode", "leak", "leak (keep every payload), steady (keep the last 64) or goroutines (leak one blocked goroutine per request)")
	payload := flag.Int("payload", 65536, "bytes allocated per /work request")
	flag.Parse()
	if (*mode != "leak" && *mode != "steady" && *mode != "goroutines") || *payload <= 0 {
		flag.Usage()
		log.Fatalf("bad -mode %q or -payload %d", *mode, *payload)
	}

	http.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		switch *mode {
		case "leak":
			retainPayload(*payload)
		case "steady":
			windowPayload(*payload)
		case "goroutines":
			go leakBlockedGoroutine()
		}
		requests.Add(1)
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprintf(w, "# HELP leaky_requests_total Requests served by /work.\n")
		fmt.Fprintf(w, "# TYPE leaky_requests_total counter\n")
		fmt.Fprintf(w, "leaky_requests_total %d\n", requests.Load())
		fmt.Fprintf(w, "# HELP leaky_retained_bytes Payload bytes the service holds.\n")
		fmt.Fprintf(w, "# TYPE leaky_retained_bytes gauge\n")
		fmt.Fprintf(w, "leaky_retained_bytes %d\n", retainedBytes.Load())
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The actual address, so that -addr 127.0.0.1:0 (any free port) can be found from the log.
	log.Printf("leaky-service: mode %s, payload %d bytes, listening on http://%s", *mode, *payload, ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}
