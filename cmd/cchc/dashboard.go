package main

import (
	"context"

	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cchc"
	"cchc/dashboards/site"
	"cchc/queries"
)

const dashboardUsage = `cchc dashboard -o THƯ_MỤC [--weights equal|population|staffing|dossiers]

Ghi bảng điều khiển tĩnh (HTML, ECharts nhúng sẵn, dữ liệu trong các tệp data/*.js) vào THƯ_MỤC:
mở THƯ_MỤC/index.html bằng trình duyệt, không cần máy chủ, không cần Internet.
Writes the static dashboard (HTML, embedded ECharts, data in data/*.js files) under DIR: open
DIR/index.html in a browser, no server and no internet needed.

Ví dụ / example:
  cchc dashboard -o bang_dieu_khien/
`

func runDashboard(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "dashboard", dashboardUsage)
	outDir := fs.String("o", "", "thư mục ra / output directory")
	weights := fs.String("weights", "", "trọng số ước tính 34 đơn vị trước 2025 / weights of 34-unit estimates before 2025 (mặc định như 'cchc rank' / default as 'cchc rank')")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *outDir == "" {
		return usagef("thiếu -o THƯ_MỤC / -o DIR is required")
	}
	if err := checkWeights(*weights); err != nil {
		return err
	}
	db, q, err := openMarts(ctx, e, e.dbPath(*dbFlag))
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := buildSite(ctx, q, *weights)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return err
	}
	if err := s.WriteDir(*outDir); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	fmt.Fprintf(e.stdout, "đã ghi / wrote %d tệp/files: %s\n", len(s.Paths()), path.Join(*outDir, "index.html"))
	return nil
}

// buildSite reads every dataset of the dashboard and renders it.
func buildSite(ctx context.Context, q *queries.Queries, weights string) (*site.Site, error) {
	w, err := resolveWeights(ctx, q, weights)
	if err != nil {
		return nil, err
	}
	d, err := site.Load(ctx, q, w)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	return site.Build(d)
}

const serveUsage = `cchc serve [--addr 127.0.0.1:8080] [--weights equal|population|staffing|dossiers]

Phục vụ bảng điều khiển trực tiếp từ kho dữ liệu, chỉ đọc: cùng các trang như 'cchc dashboard',
dựng lại khi tệp kho thay đổi (sau 'cchc ingest' hoặc 'cchc build'), không cần khởi động lại.
Chỉ trả lời GET và HEAD; mặc định chỉ nghe trên 127.0.0.1 (địa chỉ khác thì cảnh báo).
Serves the dashboard live from the warehouse, read-only: the same pages as 'cchc dashboard',
rebuilt when the warehouse file changes (after 'cchc ingest' or 'cchc build'), no restart needed.
Answers GET and HEAD only; listens on 127.0.0.1 unless told otherwise (and then warns).

Ví dụ / example:
  cchc serve
  cchc --db out/demo.duckdb serve --addr 127.0.0.1:8090
`

func runServe(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "serve", serveUsage)
	addr := fs.String("addr", "127.0.0.1:8080", "địa chỉ nghe / listen address")
	weights := fs.String("weights", "", "trọng số ước tính 34 đơn vị trước 2025 / weights of 34-unit estimates before 2025")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkWeights(*weights); err != nil {
		return err
	}
	loopback, err := isLoopback(*addr)
	if err != nil {
		return err
	}
	if !loopback {
		fmt.Fprintf(e.stderr, "cảnh báo / warning: %s không phải địa chỉ nội bộ (loopback): máy khác trong mạng có thể xem bảng điều khiển / %s is not a loopback address: other machines on the network can see the dashboard\n", *addr, *addr)
	}
	srv := newDashboardServer(e.dbPath(*dbFlag), *weights, e)
	if _, err := srv.current(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second}
	fmt.Fprintf(e.stdout, "đang phục vụ / serving http://%s/ (Ctrl+C để dừng / to stop)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return hs.Shutdown(sctx)
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serve: %w", err)
	}
}

// isLoopback reports whether addr (host:port) listens on loopback only.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, usagef("--addr phải có dạng máy:cổng / --addr must be host:port (got %q)", addr)
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}

// dashboardServer serves the site built from the warehouse, rebuilding it
// when the warehouse file changes.
type dashboardServer struct {
	path, weights string
	e             *env
	mu            sync.Mutex // one rebuild at a time
	built         atomic.Pointer[builtSite]
}

type builtSite struct {
	site  *site.Site
	stamp string
}

func newDashboardServer(path, weights string, e *env) *dashboardServer {
	return &dashboardServer{path: path, weights: weights, e: e}
}

// stamp identifies a version of the warehouse: size and time of the file
// and of its write-ahead log.
func (s *dashboardServer) stamp() string {
	var b strings.Builder
	for _, p := range []string{s.path, s.path + ".wal"} {
		if fi, err := os.Stat(p); err == nil {
			fmt.Fprintf(&b, "%d:%d;", fi.Size(), fi.ModTime().UnixNano())
		} else {
			b.WriteString("-;")
		}
	}
	return b.String()
}

// current returns the site of the warehouse as it is now, rebuilding it
// (from a fresh read-only connection) when the file changed. While another
// process holds the warehouse (a build in progress), the last site is kept.
func (s *dashboardServer) current(ctx context.Context) (*site.Site, error) {
	st := s.stamp()
	if b := s.built.Load(); b != nil && b.stamp == st {
		return b.site, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st = s.stamp()
	if b := s.built.Load(); b != nil && b.stamp == st {
		return b.site, nil
	}
	built, err := s.rebuild(ctx)
	if err != nil {
		if b := s.built.Load(); b != nil {
			fmt.Fprintf(s.e.stderr, "cảnh báo / warning: giữ bản cũ / keeping the previous dashboard: %s\n", oneLine(err.Error()))
			return b.site, nil
		}
		return nil, err
	}
	s.built.Store(&builtSite{site: built, stamp: st})
	return built, nil
}

func (s *dashboardServer) rebuild(ctx context.Context) (*site.Site, error) {
	db, err := cchc.Open(ctx, s.path, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	q := queries.New(db)
	if _, err := q.BuildInfo(ctx); err != nil {
		return nil, fmt.Errorf("%s: chưa có bảng tổng hợp, hãy chạy 'cchc build' / no marts yet, run 'cchc build'", s.path)
	}
	return buildSite(ctx, q, s.weights)
}

// contentSecurityPolicy allows nothing from another origin: scripts,
// styles, images and data come from the dashboard itself.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (s *dashboardServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-cache")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "chỉ GET và HEAD / only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	p, ok := sitePath(r.URL.Path)
	if !ok {
		http.Error(w, "không có / not found", http.StatusNotFound)
		return
	}
	st, err := s.current(r.Context())
	if err != nil {
		http.Error(w, "kho dữ liệu chưa sẵn sàng / warehouse not ready: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	b, ok := st.File(p)
	if !ok {
		http.Error(w, "không có / not found", http.StatusNotFound)
		return
	}
	h.Set("Content-Type", site.ContentType(p))
	h.Set("Content-Length", fmt.Sprint(len(b)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(b)
	}
}

// sitePath maps a URL path to a file of the site; paths that climb out
// ("..") or carry a backslash or NUL are refused.
func sitePath(u string) (string, bool) {
	if !strings.HasPrefix(u, "/") || strings.ContainsAny(u, "\\\x00") {
		return "", false
	}
	for _, part := range strings.Split(u, "/") {
		if part == ".." {
			return "", false
		}
	}
	p := path.Clean(u)
	if p == "/" {
		return "index.html", true
	}
	return strings.TrimPrefix(p, "/"), true
}
