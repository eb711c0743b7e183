// Command serveload is the load test of 'cchc serve': it starts the server
// on loopback on the demo warehouse, then runs N concurrent clients for a
// fixed time against its pages, data files and assets, checks every
// response (status, type and the exact bytes first fetched) and reports
// throughput and latency percentiles. 'make bench' runs it.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"cchc/dashboards/site"
)

func main() {
	bin := flag.String("cchc", "bin/cchc", "the cchc binary")
	db := flag.String("db", "", "warehouse to serve (default: run 'cchc demo' into a temporary folder)")
	clients := flag.Int("clients", 200, "concurrent clients")
	dur := flag.Duration("duration", 10*time.Second, "how long the clients run")
	flag.Parse()
	if err := run(*bin, *db, *clients, *dur); err != nil {
		fmt.Fprintln(os.Stderr, "serveload:", err)
		os.Exit(1)
	}
}

type target struct {
	path, ctype string
	sum         [32]byte
	size        int
}

func run(bin, db string, clients int, dur time.Duration) error {
	if db == "" {
		dir, err := os.MkdirTemp("", "cchc-serveload-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		fmt.Println("cchc demo (the demo warehouse) ...")
		if out, err := exec.Command(bin, "demo", "-o", dir).CombinedOutput(); err != nil {
			return fmt.Errorf("cchc demo: %v\n%s", err, out)
		}
		db = filepath.Join(dir, "demo.duckdb")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--db", db, "serve", "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	base, err := serverURL(stdout)
	if err != nil {
		return err
	}
	go io.Copy(io.Discard, stdout)

	paths := []string{"/", "/data/meta.js", "/data/values.js", "/data/scores-PCI-TOTAL.js", "/data/scores-PAPI-TOTAL.js",
		"/data/profile-63-22.js", "/assets/app.js", "/assets/app.css", "/assets/vendor/echarts/echarts.min.js",
		"/" + site.ProfileFile("63", "01"), "/" + site.ProfileFile("34", "79")}
	for _, p := range site.Pages {
		paths = append(paths, "/"+p.File)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, MaxConnsPerHost: 0}, Timeout: 30 * time.Second}
	var targets []target
	for _, p := range paths {
		body, ctype, err := get(client, base+p)
		if err != nil {
			return err
		}
		targets = append(targets, target{path: p, ctype: ctype, sum: sha256.Sum256(body), size: len(body)})
	}

	type result struct {
		lat   []time.Duration
		errs  []string
		bytes int64
	}
	results := make([]result, clients)
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			r := &results[c]
			for i := c; time.Now().Before(deadline); i++ {
				tg := targets[i%len(targets)]
				t0 := time.Now()
				body, ctype, err := get(client, base+tg.path)
				r.lat = append(r.lat, time.Since(t0))
				switch {
				case err != nil:
					r.errs = append(r.errs, err.Error())
				case ctype != tg.ctype || len(body) != tg.size || sha256.Sum256(body) != tg.sum:
					r.errs = append(r.errs, fmt.Sprintf("%s: a different response (%d bytes, %s)", tg.path, len(body), ctype))
				}
				r.bytes += int64(len(body))
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	var errs []string
	var total int64
	for _, r := range results {
		all = append(all, r.lat...)
		errs = append(errs, r.errs...)
		total += r.bytes
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	fmt.Printf("serve load: %d clients, %s, %d paths (pages, data files, assets), loopback\n", clients, dur, len(targets))
	fmt.Printf("  requests %d (%.0f/s), %.1f MB/s, errors or wrong responses %d\n", len(all), float64(len(all))/elapsed.Seconds(), float64(total)/elapsed.Seconds()/1e6, len(errs))
	fmt.Printf("  latency p50 %s  p90 %s  p99 %s  max %s\n", round(pct(0.50)), round(pct(0.90)), round(pct(0.99)), round(all[len(all)-1]))
	if len(errs) > 0 {
		return fmt.Errorf("%d wrong responses, first: %s", len(errs), errs[0])
	}
	return nil
}

func round(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }

func get(c *http.Client, url string) ([]byte, string, error) {
	res, err := c.Get(url)
	if err != nil {
		return nil, "", err
	}
	defer res.Body.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, res.Body); err != nil {
		return nil, "", err
	}
	if res.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("GET %s: %s", url, res.Status)
	}
	if res.Header.Get("Content-Security-Policy") == "" {
		return nil, "", fmt.Errorf("GET %s: no Content-Security-Policy", url)
	}
	return b.Bytes(), res.Header.Get("Content-Type"), nil
}

// serverURL reads serve's first line: "... serving http://127.0.0.1:PORT/ ...".
func serverURL(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "http://"); i >= 0 {
			u := line[i:]
			if j := strings.IndexByte(u, ' '); j >= 0 {
				u = u[:j]
			}
			return strings.TrimSuffix(u, "/"), nil
		}
	}
	return "", fmt.Errorf("serve printed no address")
}
