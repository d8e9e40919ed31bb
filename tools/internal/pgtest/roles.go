package pgtest

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
)

// CreateProjectRoles returns a Main setup that runs the role files of the
// project at root (0_tables/**/*roles*) once in the cluster: roles are
// cluster-wide, and parallel builds creating them at once would collide.
func CreateProjectRoles(root string) func(context.Context, *pgcluster.Cluster) error {
	return func(ctx context.Context, c *pgcluster.Cluster) error {
		p, err := project.Load(root)
		if err != nil {
			return err
		}
		conn, err := pgx.Connect(ctx, c.URL("postgres"))
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		for _, f := range p.Files {
			if f.Folder == "0_tables" && strings.Contains(f.Path, "roles") {
				if _, err := conn.Exec(ctx, f.Content); err != nil {
					return fmt.Errorf("%s: %w", f.Path, err)
				}
			}
		}
		return nil
	}
}
