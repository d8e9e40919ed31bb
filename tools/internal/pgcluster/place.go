package pgcluster

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// SharedHome holds the development clusters of projects that the postgres
// OS user cannot reach (a project under root's private home directory, the
// default in containers and CI images): one directory per project, named
// after it and a hash of its path, pointed to by <root>/.thick/cluster.
const SharedHome = "/var/lib/thick"

// serverUser returns the uid and gid the server runs as when thick runs as
// root (the postgres OS user), or ok=false when the server runs as the
// current user.
func serverUser() (uid, gid int, ok bool, err error) {
	if os.Geteuid() != 0 {
		return -1, -1, false, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return -1, -1, false, fmt.Errorf("running as root needs a postgres OS user to run the server: %w", err)
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	return uid, gid, true, nil
}

// unreachable returns the first ancestor of dir that the user uid:gid cannot
// search, or "" when it can reach dir.
func unreachable(dir string, uid, gid int) string {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		if st, err := os.Stat(d); err == nil {
			perm := st.Mode().Perm()
			ok := perm&0o001 != 0
			if sys, isUnix := st.Sys().(*syscall.Stat_t); isUnix {
				ok = ok || (int(sys.Uid) == uid && perm&0o100 != 0) || (int(sys.Gid) == gid && perm&0o010 != 0)
			}
			if !ok {
				return d
			}
		}
		if p := filepath.Dir(d); p == d {
			return ""
		}
	}
}

// ProjectDir is the home of a project's development cluster: <root>/.thick,
// or, when thick runs as root and the postgres OS user cannot reach it, a
// directory of the project's own under SharedHome.
func ProjectDir(root string) string {
	local := filepath.Join(root, ".thick")
	uid, gid, asRoot, err := serverUser()
	if err != nil || !asRoot || unreachable(local, uid, gid) == "" {
		return local
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return local
	}
	h := sha256.Sum256([]byte(abs))
	return filepath.Join(SharedHome, filepath.Base(abs)+"-"+hex.EncodeToString(h[:6]))
}

// pointTo records in <root>/.thick/cluster where a project's cluster lives
// when it is not under .thick itself.
func pointTo(root, dir string) {
	local := filepath.Join(root, ".thick")
	if dir == local {
		return
	}
	if err := os.MkdirAll(local, 0o755); err != nil {
		return
	}
	link := filepath.Join(local, "cluster")
	if cur, err := os.Readlink(link); err == nil && cur == dir {
		return
	}
	_ = os.Remove(link)
	_ = os.Symlink(dir, link)
}

// tempBase is where temporary clusters are made: the temporary directory,
// unless the server's user cannot reach it (TMPDIR under a private home
// while thick runs as root), then /tmp or /var/tmp.
func tempBase() (string, error) {
	base := os.TempDir()
	uid, gid, asRoot, err := serverUser()
	if err != nil || !asRoot {
		return base, err
	}
	for _, d := range []string{base, "/tmp", "/var/tmp"} {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			continue
		}
		if unreachable(filepath.Join(d, "x"), uid, gid) == "" {
			return d, nil
		}
	}
	return "", fmt.Errorf("the postgres OS user cannot reach the temporary directory %s (%s is not searchable by it), nor /tmp or /var/tmp: set TMPDIR to a directory it can reach",
		base, unreachable(filepath.Join(base, "x"), uid, gid))
}

// ownerFile in a temporary cluster's directory names the thick process that
// made it ("pid starttime"), so that a later run can tell an orphan (its
// maker killed with -9) from a cluster in use.
const ownerFile = "owner"

// writeOwner records the current process as the cluster's maker.
func writeOwner(dir string) error {
	st, err := startTime(os.Getpid())
	if err != nil {
		st = 0
	}
	return os.WriteFile(filepath.Join(dir, ownerFile), fmt.Appendf(nil, "%d %d\n", os.Getpid(), st), 0o644)
}

// startTime is the start time of process pid in clock ticks since boot
// (field 22 of /proc/pid/stat), which tells a process from a later one that
// reuses its pid.
func startTime(pid int) (uint64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("malformed stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return 0, errors.New("malformed stat")
	}
	return strconv.ParseUint(f[19], 10, 64) // field 22; f[0] is field 3
}

// orphaned reports whether dir is a temporary cluster that this user made
// and whose maker is gone. A directory without an owner file, or with one
// written by another user, is never an orphan: it is not ours to judge.
func orphaned(dir string) bool {
	path := filepath.Join(dir, ownerFile)
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); !ok || int(sys.Uid) != os.Geteuid() {
		return false
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var pid int
	var start uint64
	if _, err := fmt.Sscanf(string(b), "%d %d", &pid, &start); err != nil || pid <= 0 {
		return false
	}
	if pid == os.Getpid() {
		return false
	}
	if !processAlive(pid) {
		return true
	}
	now, err := startTime(pid)
	return err == nil && start != 0 && now != start // the pid was reused
}

// postmasterOf reports whether pid is a live postmaster serving dataDir:
// the server changes its working directory to its data directory, so
// /proc/pid/cwd tells its cluster apart from any other process that
// happens to have the pid a stale postmaster.pid names.
func postmasterOf(pid int, dataDir string) bool {
	if !processAlive(pid) {
		return false
	}
	if _, err := os.Stat("/proc/self/cwd"); err != nil {
		return true // no procfs to tell: trust the pid file, as pg_ctl does
	}
	cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
	if err != nil {
		return false
	}
	want, err := filepath.EvalSymlinks(dataDir)
	if err != nil {
		want = dataDir
	}
	if cwd != want {
		return false
	}
	// and it is the postmaster, not one of its children
	ppid := parentPID(pid)
	return ppid <= 0 || !childOfPostmasterIn(ppid, want)
}

func parentPID(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 2 {
		return 0
	}
	p, _ := strconv.Atoi(f[1])
	return p
}

func childOfPostmasterIn(ppid int, dataDir string) bool {
	cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", ppid))
	return err == nil && cwd == dataDir
}

// ReapOrphans stops and removes the temporary clusters under base whose
// maker died without stopping them (a thick test killed with -9): only
// those this user made, checked by their owner file, and only servers whose
// data directory is the orphan's. It returns the directories removed.
func ReapOrphans(base string) []string {
	dirs, _ := filepath.Glob(filepath.Join(base, "thick-pg-*"))
	var out []string
	for _, d := range dirs {
		if !orphaned(d) {
			continue
		}
		c, err := newCluster(Options{Dir: d})
		if err != nil {
			continue
		}
		c.Temp = true
		if c.Stop(context.Background()) == nil {
			out = append(out, d)
		}
	}
	return out
}
