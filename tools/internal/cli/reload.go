package cli

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/codeobj"
	"thick/tools/internal/project"
)

// rebuildOrReload reloads the code in place when only files of
// 2_views..7_schedule changed since the database's last build, and rebuilds
// from scratch (with opts) otherwise or when full is set. Both record the
// object map.
func rebuildOrReload(ctx context.Context, conn *pgx.Conn, p *project.Project, full bool, opts build.Options) error {
	if !full {
		plan, err := codeobj.Decide(ctx, conn, p)
		if err != nil {
			return err
		}
		if !plan.Full {
			res, err := codeobj.Reload(ctx, conn, p, opts.ForceUnmarked)
			if err != nil {
				return err
			}
			if opts.Stdout != nil {
				codeobj.PrintResult(opts.Stdout, res, opts.Color)
			}
			return nil
		}
		if opts.Stdout != nil && plan.Why != "never built" {
			fmt.Fprintf(opts.Stdout, "full rebuild: %s\n", plan.Why)
		}
	}
	opts.Record = true
	_, err := build.Rebuild(ctx, conn, p, opts)
	return err
}
