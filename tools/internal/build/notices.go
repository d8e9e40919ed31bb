package build

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/fatih/color"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"thick/tools/internal/project"
)

// sinks maps a connection made by Connect to the build collecting its
// notices (none outside a build).
var sinks sync.Map // *pgconn.PgConn -> *noticeSink

// Connect opens a connection whose notices and warnings a Rebuild on it
// collects and prints (with Options.Log), the way psql shows them.
func Connect(ctx context.Context, connString string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return nil, err
	}
	cfg.OnNotice = func(c *pgconn.PgConn, n *pgconn.Notice) {
		if s, ok := sinks.Load(c); ok {
			s.(*noticeSink).add(n)
		}
	}
	return pgx.ConnectConfig(ctx, cfg)
}

// noticeSink collects the notices raised while the files run, located at
// the file and line that raised them, repeats counted.
type noticeSink struct {
	mu        sync.Mutex
	p         *project.Project
	file      *project.File // the file running; nil between files
	completed int           // statements of file completed so far
	order     []string
	seen      map[string]*notice
}

type notice struct {
	where    string // path:line:col
	severity string
	message  string
	detail   string
	count    int
}

func (s *noticeSink) add(n *pgconn.Notice) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file == nil {
		return // thick's own statements (drop schema ... cascade)
	}
	pe := pgconn.PgError(*n)
	where := s.file.Path
	if se, ok := MapErrorAt(s.p, s.file.Path, s.file.Content, &pe, s.completed).(*SQLError); ok {
		where = se.location()
	}
	key := where + "\x00" + n.Severity + "\x00" + n.Message
	if e, ok := s.seen[key]; ok {
		e.count++
		return
	}
	s.seen[key] = &notice{where: where, severity: n.Severity, message: n.Message, detail: n.Detail, count: 1}
	s.order = append(s.order, key)
}

// attach starts collecting the notices of conn (nil when it was not made by
// Connect or there is nowhere to print them).
func attachNotices(conn *pgx.Conn, p *project.Project, log io.Writer) *noticeSink {
	if conn == nil || log == nil {
		return nil
	}
	s := &noticeSink{p: p, seen: map[string]*notice{}}
	sinks.Store(conn.PgConn(), s)
	return s
}

// running tells the sink which file runs and how far it got.
func (s *noticeSink) running(f *project.File, completed int) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.file, s.completed = f, completed
	s.mu.Unlock()
}

// done stops collecting and prints what was collected, in order of first
// appearance, one line each with its count when it repeated.
func (s *noticeSink) done(conn *pgx.Conn, log io.Writer, useColor bool) {
	if s == nil {
		return
	}
	sinks.Delete(conn.PgConn())
	s.mu.Lock()
	defer s.mu.Unlock()
	bold := newColor(useColor, color.Bold)
	warn := newColor(useColor, color.FgYellow, color.Bold)
	note := newColor(useColor, color.FgCyan)
	for _, k := range s.order {
		n := s.seen[k]
		sev := note
		if n.severity == "WARNING" {
			sev = warn
		}
		line := fmt.Sprintf("%s: %s %s", bold.Sprint(n.where), sev.Sprint(n.severity+":"), n.message)
		if n.count > 1 {
			line += fmt.Sprintf(" (×%d)", n.count)
		}
		fmt.Fprintln(log, line)
		if n.detail != "" {
			fmt.Fprintf(log, "  detail: %s\n", indent(n.detail, strings.Repeat(" ", 10)))
		}
	}
}

// execTracked is ExecScript telling the sink how many statements completed
// as the results arrive, so that a notice is placed at its statement.
func execTracked(ctx context.Context, pgc *pgconn.PgConn, f *project.File, s *noticeSink) (completed int, err error) {
	if s == nil {
		return ExecScript(ctx, pgc, f.Content)
	}
	s.running(f, 0)
	defer s.running(nil, 0)
	mrr := pgc.Exec(ctx, f.Content)
	for mrr.NextResult() {
		if _, err := mrr.ResultReader().Close(); err == nil {
			completed++
			s.running(f, completed)
		}
	}
	return completed, mrr.Close()
}
