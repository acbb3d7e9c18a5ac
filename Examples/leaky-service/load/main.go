// Command load drives leaky-service's /work endpoint at a fixed rate, for a bounded time and count.
//
//	load -url http://127.0.0.1:8080/work -rate 100 -for 60s -max 20000
//
// It only targets the loopback address (127.0.0.1 or localhost) and stops at whichever of -for and
// -max comes first, or when the service stops answering for -give-up.
package main

import (
	"flag"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	target := flag.String("url", "http://127.0.0.1:8080/work", "the /work URL (loopback only)")
	rate := flag.Int("rate", 100, "requests per second")
	duration := flag.Duration("for", 60*time.Second, "stop after this long (at most 10m)")
	max := flag.Int64("max", 100000, "stop after this many requests")
	workers := flag.Int("workers", 8, "concurrent connections")
	giveUp := flag.Duration("give-up", 5*time.Second, "stop when no request has succeeded for this long")
	flag.Parse()

	u, err := url.Parse(*target)
	if err != nil || u.Scheme != "http" || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") {
		log.Fatalf("load: -url must be http://127.0.0.1:PORT/…, not %q", *target)
	}
	if *rate <= 0 || *rate > 10000 || *duration <= 0 || *duration > 10*time.Minute || *max <= 0 || *workers <= 0 {
		log.Fatal("load: -rate 1…10000, -for up to 10m, -max and -workers positive")
	}

	tokens := make(chan struct{}, *workers)
	var sent, ok, failed atomic.Int64
	var lastOK atomic.Int64
	lastOK.Store(time.Now().UnixNano())
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *workers}}
	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range tokens {
				resp, err := client.Get(*target)
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				ok.Add(1)
				lastOK.Store(time.Now().UnixNano())
			}
		}()
	}

	tick := time.NewTicker(time.Second / time.Duration(*rate))
	defer tick.Stop()
	deadline := time.After(*duration)
	reason := "time is up"
loop:
	for sent.Load() < *max {
		select {
		case <-deadline:
			break loop
		case <-tick.C:
			if time.Since(time.Unix(0, lastOK.Load())) > *giveUp {
				reason = "the service stopped answering"
				break loop
			}
			select {
			case tokens <- struct{}{}:
				sent.Add(1)
			default: // every worker busy: skip this tick rather than queue up
			}
		}
	}
	if sent.Load() >= *max {
		reason = "request limit reached"
	}
	close(tokens)
	wg.Wait()
	log.Printf("load: %d requests, %d ok, %d failed; stopped: %s", sent.Load(), ok.Load(), failed.Load(), reason)
	if ok.Load() == 0 {
		os.Exit(1)
	}
}
