package pgcluster

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

var (
	binOnce sync.Once
	binDir  string
	binErr  error
)

// BinDir finds the directory holding initdb, pg_ctl and postgres: from
// pg_ctl on PATH, else `pg_config --bindir`, else the highest version under
// /usr/lib/postgresql/*/bin.
func BinDir() (string, error) {
	binOnce.Do(func() { binDir, binErr = findBinDir() })
	return binDir, binErr
}

func findBinDir() (string, error) {
	complete := func(dir string) bool {
		for _, n := range []string{"initdb", "pg_ctl", "postgres"} {
			if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
				return false
			}
		}
		return true
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if r, err := filepath.EvalSymlinks(p); err == nil && complete(filepath.Dir(r)) {
			return filepath.Dir(r), nil
		}
		if complete(filepath.Dir(p)) {
			return filepath.Dir(p), nil
		}
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); complete(dir) {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if complete(d) {
			return d, nil
		}
	}
	return "", errors.New("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH, via pg_config or under /usr/lib/postgresql/*/bin")
}

// version extracts N from /usr/lib/postgresql/N/bin (N may be 9.6).
func version(dir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
	return v
}

// PkgLibDir is the server's library directory (pg_config --pkglibdir of the
// same installation, else BinDir/../lib).
func PkgLibDir() string {
	bin, err := BinDir()
	if err != nil {
		return ""
	}
	for _, pgc := range []string{filepath.Join(bin, "pg_config"), "pg_config"} {
		if out, err := exec.Command(pgc, "--pkglibdir").Output(); err == nil {
			return strings.TrimSpace(string(out))
		}
	}
	return filepath.Join(filepath.Dir(bin), "lib")
}

// HasLibrary reports whether the server has the shared library name
// ("pg_cron") installed.
func HasLibrary(name string) bool {
	dir := PkgLibDir()
	if dir == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, name+".so"))
	return err == nil
}

// DefaultPreload is shared_preload_libraries when Options.Preload is nil:
// pg_cron when installed, else nothing.
func DefaultPreload() []string {
	if HasLibrary("pg_cron") {
		return []string{"pg_cron"}
	}
	return []string{}
}

// Psql returns the path of psql, preferring the server's own.
func Psql() (string, error) {
	if bin, err := BinDir(); err == nil {
		p := filepath.Join(bin, "psql")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return exec.LookPath("psql")
}
