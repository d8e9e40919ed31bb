package cli

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/codeobj"
	"thick/tools/internal/project"
)

// concurrencyRetries is how many times a rebuild or reload that the server
// rolled back for a deadlock or a serialization failure with another
// session runs again.
const concurrencyRetries = 2

// rebuildOrReload reloads the code in place when only files of
// 2_views..7_schedule changed since the database's last build, and rebuilds
// from scratch (with opts) otherwise or when full is set. Both record the
// object map.
//
// Either drops objects that other sessions may be using, in an order of its
// own: a pg_cron job refreshing a report while the rebuild drops it can
// deadlock with it, and the server may roll the rebuild back. Nothing of it
// stays, so it runs again (concurrencyRetries times), saying why on
// opts.Log; an error of the SQL itself is reported at once.
func rebuildOrReload(ctx context.Context, conn *pgx.Conn, p *project.Project, full bool, opts build.Options) error {
	for attempt := 0; ; attempt++ {
		err := rebuildOrReloadOnce(ctx, conn, p, full, opts)
		if err == nil || attempt == concurrencyRetries || ctx.Err() != nil || !build.IsConcurrencyAbort(err) {
			return err
		}
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, "thick rebuild: %v (with another session: a pg_cron job?); rolled back, running it again\n", err)
		}
	}
}

func rebuildOrReloadOnce(ctx context.Context, conn *pgx.Conn, p *project.Project, full bool, opts build.Options) error {
	if !full {
		built := p
		if opts.NoSeed { // the seed is not part of what is compared with the last build
			built = &project.Project{Root: p.Root}
			for _, f := range p.Files {
				if f.Folder != build.SeedFolder {
					built.Files = append(built.Files, f)
				}
			}
		}
		plan, err := codeobj.Decide(ctx, conn, built)
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
