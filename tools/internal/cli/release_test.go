package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// verify-migrations extracts the previous release into a directory of its
// own: files another user put in the predictable /tmp/thick-release-<pid>
// are not built, and nobody else can write to it.
func TestExtractReleaseUsesAFreshPrivateDirectory(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{"0_tables/core/000_schema.sql": "create schema core;\n"})
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=t", "-c", "user.email=t@t"}, args...)...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "release")

	// What the review planted: the directory of the old name, pre-filled.
	planted := filepath.Join(tmp, fmt.Sprintf("thick-release-%d", os.Getpid()))
	writeFiles(t, planted, map[string]string{"0_tables/zz/evil.sql": "select 1;\n"})

	dir, err := extractRelease(context.Background(), repo, "HEAD")
	require.NoError(t, err)
	require.NotEqual(t, planted, dir)
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), fi.Mode().Perm())
	require.FileExists(t, filepath.Join(dir, "0_tables", "core", "000_schema.sql"))
	require.NoDirExists(t, filepath.Join(dir, "0_tables", "zz"))

	// A revision that does not exist: an error, and no directory left.
	_, err = extractRelease(context.Background(), repo, "no-such-rev")
	require.Error(t, err)
	left, err := filepath.Glob(filepath.Join(tmp, "thick-release-*"))
	require.NoError(t, err)
	require.ElementsMatch(t, []string{planted, dir}, left)
	require.NoError(t, os.RemoveAll(dir))
}
