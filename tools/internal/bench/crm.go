package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/crmbench"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
)

// runCRM benchmarks the Forex CRM's API (crmbench) on a throwaway cluster
// holding a fresh build of the project at root: pgbench TPS per API call and
// the account summary in the database against the three-tier way.
func runCRM(ctx context.Context, root string, out, log io.Writer) error {
	if _, err := os.Stat(filepath.Join(root, "3_functions", "crm")); err != nil {
		return fmt.Errorf("no CRM in %s", root)
	}
	p, err := project.Load(root)
	if err != nil {
		return err
	}
	fmt.Fprintln(log, "bench: crm: starting a temporary local cluster")
	c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true})
	if err != nil {
		return fmt.Errorf("start local cluster: %w", err)
	}
	defer func() { _ = c.Stop(context.WithoutCancel(ctx)) }()
	const db = "bench_crm"
	if err := c.CreateDatabase(ctx, db); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, c.URL(db))
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	fmt.Fprintln(log, "bench: crm: rebuilding the project")
	_, err = build.Rebuild(ctx, conn, p, build.Options{Stdout: io.Discard})
	conn.Close(context.WithoutCancel(ctx))
	if err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	o := crmbench.DefaultOptions()
	o.ScriptsDir = filepath.Join(root, "scripts", "bench_crm")
	return crmbench.RunWithOptions(ctx, c.URL(db), out, o)
}
