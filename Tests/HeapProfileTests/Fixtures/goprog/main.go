// Command goprog is the Go program behind Sleuth's heap-profile fixtures and live tests.
//
//	goprog fixtures DIR          writes small real heap and goroutine profiles into DIR
//	goprog serve leak|steady     serves /work and /debug/pprof on 127.0.0.1:0, prints "listening on ADDR"
//
// Standard library only. runtime.MemProfileRate is 1 so that every allocation is recorded and the
// profiles are deterministic enough to compare with `go tool pprof`.
package main

import (
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"
)

func init() { runtime.MemProfileRate = 1 }

var (
	mu        sync.Mutex
	retained  [][]byte // grows forever: the leak
	window    [][]byte // bounded: the steady twin
	transient []byte   // overwritten on every call: allocates a lot, retains one buffer
	records   []*record
)

type record struct {
	id      int
	payload []byte
}

// newRecord is small enough to be inlined into its caller, so profiles carry inline frames.
func newRecord(id, n int) *record { return &record{id: id, payload: make([]byte, n)} }

// retainRequestBuffer keeps a buffer per request and never lets it go.
//
//go:noinline
func retainRequestBuffer(n int) {
	mu.Lock()
	defer mu.Unlock()
	retained = append(retained, make([]byte, n))
}

// retainRecord keeps a record per call through an inlined constructor.
//
//go:noinline
func retainRecord(id, n int) {
	mu.Lock()
	defer mu.Unlock()
	records = append(records, newRecord(id, n))
}

// steadyWindow keeps only the last 16 buffers.
//
//go:noinline
func steadyWindow(n int) {
	mu.Lock()
	defer mu.Unlock()
	if len(window) == 16 {
		copy(window, window[1:])
		window[15] = nil
		window = window[:15]
	}
	window = append(window, make([]byte, n))
}

// churnScratch allocates a scratch buffer that is garbage by the next call.
//
//go:noinline
func churnScratch(n int) {
	mu.Lock()
	defer mu.Unlock()
	transient = make([]byte, n)
	transient[0] = 1
}

func writeProfile(dir, name, kind string, debug int) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		panic(err)
	}
	if kind == "heap" {
		runtime.GC()
		runtime.GC()
	}
	if err := pprof.Lookup(kind).WriteTo(f, debug); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}

// parkedWorker blocks until the channel closes, so goroutine profiles have a stack to count.
//
//go:noinline
func parkedWorker(ch chan struct{}, wg *sync.WaitGroup) {
	wg.Done()
	<-ch
}

func fixtures(dir string) {
	round := func(retain, steady, churn int) {
		for i := 0; i < retain; i++ {
			retainRequestBuffer(4096)
		}
		for i := 0; i < retain/2; i++ {
			retainRecord(i, 512)
		}
		for i := 0; i < steady; i++ {
			steadyWindow(1024)
		}
		for i := 0; i < churn; i++ {
			churnScratch(16 << 10)
		}
	}
	// A base and a later snapshot of the same process: the leak grows between them.
	round(50, 100, 200)
	writeProfile(dir, "heap-leak-base.pb.gz", "heap", 0)
	round(150, 100, 200)
	writeProfile(dir, "heap-leak-later.pb.gz", "heap", 0)
	writeProfile(dir, "heap-leak-later.debug1.txt", "heap", 1)
	// Alloc-heavy: lots of garbage, little retained.
	round(0, 0, 3000)
	writeProfile(dir, "heap-alloc-churn.pb.gz", "heap", 0)
	// A series for growth ranking, a second apart.
	for i := 1; i <= 5; i++ {
		time.Sleep(time.Second)
		round(40, 100, 300)
		writeProfile(dir, fmt.Sprintf("heap-series-%d.pb.gz", i), "heap", 0)
	}
	// Goroutines parked in one function, in all goroutine formats.
	ch := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 7; i++ {
		wg.Add(1)
		go parkedWorker(ch, &wg)
	}
	wg.Wait()
	writeProfile(dir, "goroutine-parked.pb.gz", "goroutine", 0)
	writeProfile(dir, "goroutine-parked.debug1.txt", "goroutine", 1)
	writeProfile(dir, "goroutine-parked.debug2.txt", "goroutine", 2)
	close(ch)
}

func serve(mode string) {
	http.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("kb"))
		if n <= 0 {
			n = 64
		}
		if mode == "leak" {
			retainRequestBuffer(n << 10)
		} else {
			steadyWindow(n << 10)
		}
		churnScratch(32 << 10)
		fmt.Fprintln(w, "ok")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	os.Stdout.Sync()
	// Stop by ourselves if the test that started us forgets to.
	go func() { time.Sleep(2 * time.Minute); os.Exit(0) }()
	panic(http.Serve(ln, nil))
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "fixtures" {
		fixtures(os.Args[2])
		return
	}
	if len(os.Args) == 3 && os.Args[1] == "serve" && (os.Args[2] == "leak" || os.Args[2] == "steady") {
		serve(os.Args[2])
		return
	}
	fmt.Fprintln(os.Stderr, "usage: goprog fixtures DIR | goprog serve leak|steady")
	os.Exit(2)
}
