package build_test

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
	"thick/tools/internal/project"
)

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{}, nil))
}

// dbSeq numbers what tests create outside their own database (roles).
var dbSeq atomic.Int64

// newDB creates an empty database and returns a connection to it.
func newDB(t *testing.T) *pgx.Conn {
	t.Helper()
	return pgtest.Connect(t, pgtest.NewDB(t, ""))
}

// writeProject writes files (relative path to content) under a temporary
// root and loads the project.
func writeProject(t *testing.T, files map[string]string) *project.Project {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	p, err := project.Load(dir)
	require.NoError(t, err)
	return p
}
