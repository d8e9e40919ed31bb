package testrun

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/marker"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgdocker"
)

// Server is the PostgreSQL a run creates its databases on.
type Server interface {
	// URL is the connection string of database db on the server.
	URL(db string) string
	// Stop removes a throwaway server; it does nothing to a given one.
	Stop(ctx context.Context) error
	// Describe names the server for the header line.
	Describe() string
	// Throwaway reports whether the server is removed by Stop (then its
	// databases need no dropping).
	Throwaway() bool
}

// StartServer starts the server --pg asks for: "docker", "local", a URL of a
// database thick created, or "" for docker when an engine answers and local
// binaries otherwise. Progress goes to log.
func StartServer(ctx context.Context, pg string, log io.Writer) (Server, error) {
	switch pg {
	case "docker":
		if _, err := pgdocker.Available(ctx); err != nil {
			return nil, fmt.Errorf("--pg docker: no Docker engine: %w", err)
		}
		return startDocker(ctx, log)
	case "local":
		return startLocal(ctx)
	case "":
		if _, err := pgdocker.Available(ctx); err == nil {
			return startDocker(ctx, log)
		}
		return startLocal(ctx)
	default:
		return openGiven(ctx, pg)
	}
}

type dockerServer struct{ *pgdocker.Container }

func (d dockerServer) Describe() string { return "docker " + d.Image }
func (d dockerServer) Throwaway() bool  { return true }

func startDocker(ctx context.Context, log io.Writer) (Server, error) {
	c, err := pgdocker.Start(ctx, pgdocker.Options{Log: log})
	if err != nil {
		return nil, err
	}
	return dockerServer{c}, nil
}

type localServer struct{ *pgcluster.Cluster }

func (localServer) Describe() string { return "local temporary cluster" }
func (localServer) Throwaway() bool  { return true }

func startLocal(ctx context.Context) (Server, error) {
	c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true})
	if err != nil {
		return nil, fmt.Errorf("start local cluster: %w", err)
	}
	return localServer{c}, nil
}

// givenServer accepts a URL only for a database thick created (its marker),
// and runs the template and clones beside it on the same server.
type givenServer struct {
	cfg *pgx.ConnConfig
	raw string
}

func openGiven(ctx context.Context, raw string) (Server, error) {
	cfg, err := pgx.ParseConfig(raw)
	if err != nil {
		return nil, fmt.Errorf("--pg: want docker, local or a database URL: %w", err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("--pg: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	kind, err := marker.Check(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("--pg: %w", err)
	}
	if kind != marker.Development {
		what := "has no thick marker"
		if kind != "" {
			what = "is marked " + kind
		}
		return nil, fmt.Errorf("--pg: database %s %s; thick test only uses a server whose database thick created for development", cfg.Database, what)
	}
	return &givenServer{cfg: cfg, raw: raw}, nil
}

func (g *givenServer) URL(db string) string {
	if strings.Contains(g.raw, "://") {
		if u, err := url.Parse(g.raw); err == nil {
			u.Path = "/" + db
			return u.String()
		}
	}
	return g.raw + " dbname=" + quoteConnValue(db)
}

func quoteConnValue(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func (g *givenServer) Stop(context.Context) error { return nil }
func (g *givenServer) Describe() string {
	return fmt.Sprintf("%s:%d (beside %s)", g.cfg.Host, g.cfg.Port, g.cfg.Database)
}
func (g *givenServer) Throwaway() bool { return false }
