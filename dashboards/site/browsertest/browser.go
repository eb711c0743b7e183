// Package browsertest drives Debian's chromium (headless, through chromedp)
// for the dashboard's browser tests: it records console errors, uncaught
// exceptions, dialogs and every request a page makes. Tests skip with a
// message when no chromium is installed, and fail when CI is set.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Browser is one headless chromium with one tab.
type Browser struct {
	Ctx    context.Context
	mu     sync.Mutex
	events []string // console errors, exceptions, failed loads, dialogs
	urls   []string // every request
}

// ExecPath returns the chromium binary, or "" if none is installed.
func ExecPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start launches chromium with a fresh profile, or skips the test (fails
// under CI) when chromium is missing.
func Start(t testing.TB) *Browser {
	t.Helper()
	exe := ExecPath()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed and CI is set: the browser tests must run (.ci/run installs it)")
		}
		t.Skip("chromium not installed: skipping the browser test (apt-get install -y chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("window-size", "1300,1000"),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	b := &Browser{Ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, a.Description+string(a.Value))
				}
				b.events = append(b.events, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			msg := ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				msg += " " + ev.ExceptionDetails.Exception.Description
			}
			b.events = append(b.events, "exception: "+msg)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				b.events = append(b.events, "log error: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			b.urls = append(b.urls, ev.Request.URL)
		case *network.EventLoadingFailed:
			b.events = append(b.events, "loading failed: "+ev.ErrorText)
		case *page.EventJavascriptDialogOpening:
			b.events = append(b.events, "dialog: "+ev.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	})
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

// Reset forgets the events and requests seen so far.
func (b *Browser) Reset() {
	b.mu.Lock()
	b.events, b.urls = nil, nil
	b.mu.Unlock()
}

// Problems returns the console errors, exceptions, failed loads and dialogs
// seen since the last Reset.
func (b *Browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.events...)
}

// Requests returns every URL requested since the last Reset.
func (b *Browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.urls...)
}

// Foreign returns the requests that leave origin ("http://127.0.0.1:8080"
// or "file://"); data: and blob: URLs stay on the page.
func (b *Browser) Foreign(origin string) []string {
	var out []string
	for _, u := range b.Requests() {
		if strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "blob:") || strings.HasPrefix(u, origin+"/") || u == origin {
			continue
		}
		out = append(out, u)
	}
	return out
}

// Open navigates to url and waits until the page script has drawn its view.
func (b *Browser) Open(t testing.TB, url string) {
	t.Helper()
	// through about:blank, so that a URL differing only in its hash loads afresh
	if err := chromedp.Do(b.Ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	b.waitReady(t, url, "")
}

func (b *Browser) waitReady(t testing.TB, what, before string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 30*time.Second)
	defer cancel()
	expr := fmt.Sprintf(`document.body && (document.body.dataset.error || (document.body.dataset.ready && document.body.dataset.ready !== %q ? "ok" : ""))`, before)
	res, err := chromedp.Run(ctx, chromedp.Poll[string](expr))
	if err != nil {
		t.Fatalf("%s: the page did not finish drawing: %v (problems: %v)", what, err, b.Problems())
	}
	if res != "ok" {
		t.Fatalf("%s: the page script failed: %s", what, res)
	}
}

// Do runs an action that changes the view (a click, a selection) and waits
// until the page has drawn again.
func (b *Browser) Do(t testing.TB, what string, a chromedp.Action[chromedp.Void]) {
	t.Helper()
	before := Eval[string](t, b, `document.body.dataset.ready || ""`)
	if err := chromedp.Do(b.Ctx, a); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	b.waitReady(t, what, before)
}

// Eval evaluates a JavaScript expression (a promise is awaited) and returns its value.
func Eval[T any](t testing.TB, b *Browser, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.Ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// Screenshot returns a PNG of the whole page.
func (b *Browser) Screenshot(t testing.TB) []byte {
	t.Helper()
	buf, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return buf
}

// SelectValue sets a <select> to value and fires its change event.
func SelectValue(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(function(){var s=document.querySelector(%q); s.value=%q; s.dispatchEvent(new Event('change'));})()`, sel, value))
}
