package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/codeobj"
	"thick/tools/internal/project"
)

// rebuildOrReload reloads the code in place when only files of
// 2_views..7_schedule changed since the database's last build, and rebuilds
// from scratch otherwise or when full is set. Both record the object map.
func rebuildOrReload(ctx context.Context, conn *pgx.Conn, p *project.Project, full, force bool, stdout io.Writer, useColor bool) error {
	if !full {
		plan, err := codeobj.Decide(ctx, conn, p)
		if err != nil {
			return err
		}
		if !plan.Full {
			res, err := codeobj.Reload(ctx, conn, p, force)
			if err != nil {
				return err
			}
			if stdout != nil {
				codeobj.PrintResult(stdout, res, useColor)
			}
			return nil
		}
		if stdout != nil && plan.Why != "never built" {
			fmt.Fprintf(stdout, "full rebuild: %s\n", plan.Why)
		}
	}
	_, err := build.Rebuild(ctx, conn, p, build.Options{
		ForceUnmarked: force,
		Stdout:        stdout,
		Color:         useColor,
		Record:        os.Getenv("THICK_NO_RECORD") == "",
	})
	return err
}
