package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"cchc/ingest"
)

// plainEvery is how often progress is written as a plain line when stderr
// is not a terminal.
const plainEvery = 5 * time.Second

// progress shows how long work advances on stderr: a bar when stderr is a
// terminal, a plain line every few seconds when it is not (a log, a pipe),
// nothing when the output is machine-readable. Its methods may be called
// from another goroutine.
type progress struct {
	mu      sync.Mutex
	command string
	w       io.Writer
	tty     bool
	quiet   bool
	every   time.Duration
	start   time.Time
	last    time.Time // last plain line
	lines   int       // plain lines written
	bar     *progressbar.ProgressBar
	barFor  string // the file or "build" the bar is drawing
	cur     string // the file being loaded
}

// progress returns the progress display of a command; quiet when the
// command writes JSON.
func (e *env) progress(command string, quiet bool) *progress {
	p := &progress{command: command, w: e.stderr, quiet: quiet, every: plainEvery, start: time.Now()}
	if e.progressEvery > 0 {
		p.every = e.progressEvery
	}
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

func (p *progress) newBar(max int64, bytes bool, desc string) *progressbar.ProgressBar {
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionUseANSICodes(true),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(p.w) }),
	}
	if bytes {
		opts = append(opts, progressbar.OptionShowBytes(true))
	} else {
		opts = append(opts, progressbar.OptionShowCount())
	}
	return progressbar.NewOptions64(max, opts...)
}

// load shows a dossier-record load: bytes read, rows, rate and time left.
func (p *progress) load(lp ingest.LoadProgress) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if lp.File != p.cur { // the next file of an ingest
		p.cur, p.start, p.last, p.lines = lp.File, lp.Started, time.Time{}, 0
	}
	name := filepath.Base(lp.File)
	elapsed := time.Since(lp.Started).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(lp.Rows) / elapsed / 1e6
	}
	desc := fmt.Sprintf("%s: %.2f M dòng/rows, %.2f M dòng/giây / rows/s", name, float64(lp.Rows)/1e6, rate)
	if p.tty {
		if p.bar == nil || p.barFor != lp.File {
			p.bar, p.barFor = p.newBar(max(lp.Size, 1), true, desc), lp.File
		}
		p.bar.Describe(desc)
		if lp.Done {
			p.bar.Set64(max(lp.Size, 1))
			p.bar.Finish()
			p.bar = nil
			return
		}
		p.bar.Set64(min(lp.Read, max(lp.Size, 1)))
		return
	}
	pct := 0.0
	if lp.Size > 0 {
		pct = 100 * float64(lp.Read) / float64(lp.Size)
	}
	p.plain(lp.Done, "%s %.0f%% (%.0f/%.0f MB)", desc, pct, float64(lp.Read)/1e6, float64(lp.Size)/1e6)
}

// models shows a build: models done of all.
func (p *progress) models(done, total int, model string) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		if p.bar == nil {
			p.bar, p.barFor = p.newBar(int64(total), false, "mô hình / models"), "build"
		}
		p.bar.Describe(fmt.Sprintf("mô hình / models: %-36s", model))
		p.bar.Set(done)
		if done == total {
			p.bar.Finish()
			p.bar = nil
		}
		return
	}
	p.plain(done == total, "%d/%d mô hình/models (%s)", done, total, model)
}

// plain writes a line when the last one is older than p.every, and a last
// one at the end of work that took long enough to have any.
func (p *progress) plain(done bool, format string, a ...any) {
	now := time.Now()
	if p.last.IsZero() {
		p.last = p.start
	}
	if done && p.lines == 0 || !done && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	p.lines++
	fmt.Fprintf(p.w, "cchc %s: "+format+"\n", append([]any{p.command}, a...)...)
}

// finish clears a bar left unfinished (an error stopped the work).
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Exit()
		fmt.Fprintln(p.w)
		p.bar = nil
	}
}
