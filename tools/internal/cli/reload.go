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
