package testrun

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/codeobj"
	"thick/tools/internal/marker"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
)

// The template cache: a local test server under <root>/.thick/test keeps
// the built template (folders 0-8, then tests/setup) between runs, named
// after a hash of every file that went into it. A run whose files did not
// change clones it and goes straight to the suites; a changed tree builds a
// new template and drops the old one. --fresh, CI=true and --pg docker (or
// local, or a URL) keep the throwaway server of before.

// cacheVersion changes the key when what thick does to build a template
// changes, so that a new thick never clones an older thick's template.
const cacheVersion = "thick template cache 5" // 4: vacuumed and analyzed once built; 5: pgTAP's bookkeeping in static SQL

// templatePrefix names the cached templates: thick_tpl_<key>_<YYYYMMDD>,
// the day the template (and its seed) was built.
const templatePrefix = "thick_tpl_"

// cacheLockKey serialises the template phase (look up, build, drop the old,
// clone) of concurrent runs on the cache server (the bytes of "thicktpl").
const cacheLockKey int64 = 0x746869636b74706c

// CacheDir is the home of the cache server of the project at root.
func CacheDir(root string) string { return filepath.Join(pgcluster.ProjectDir(root), "test") }

// useCache reports whether a run goes to the cache server: no --pg, no
// --fresh, not on CI, and the machine has PostgreSQL's binaries.
func useCache(o Options) bool {
	if o.PG != "" || o.Fresh || isCI() {
		return false
	}
	_, err := pgcluster.BinDir()
	return err == nil
}

// isCI: CI=true (GitHub Actions, GitLab, most others) or CI=1.
func isCI() bool {
	v := strings.ToLower(strings.TrimSpace(os.Getenv("CI")))
	return v == "true" || v == "1"
}

// CacheKey hashes every file that goes into the template: the build
// folders' files and tests/setup's, each by path and content.
func CacheKey(p *project.Project, plan *Plan) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", cacheVersion)
	for _, f := range p.Files {
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00", f.Path, len(f.Content), f.Content)
	}
	if err := hashSetup(h, plan); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

// cacheServer is the project's test server under .thick/test: started on
// demand, left running (thick stop stops it), never removed.
type cacheServer struct{ *pgcluster.Cluster }

func (cacheServer) Stop(context.Context) error { return nil }
func (cacheServer) Describe() string           { return "local cache server (.thick/test)" }
func (cacheServer) Throwaway() bool            { return false }

// StartCache starts (initialising on first use) the cache server of the
// project at root, tuned like a throwaway one.
//
// Autovacuum is off there: thick vacuums what it leaves, the template once
// built (buildTemplate) and the kept database's tables past autovacuum's
// threshold (deadRowsVacuum), so no autovacuum worker takes a core from the
// files while they run, and none commits an analyze (the suites' temporary
// tables change the catalogs) during an alone file's window, which cost the
// next run a clone (committedSince). A server an earlier thick started with
// autovacuum on gets the setting (pgcluster.Start reloads a running
// server's changed configuration).
func StartCache(ctx context.Context, root string) (Server, error) {
	o := pgcluster.Options{
		Dir: CacheDir(root),
		// the cron launcher must never sit in a template: pg_cron's
		// database is postgres here, as on a throwaway server
		CronDatabase: "postgres",
		Settings: map[string]string{
			"full_page_writes":   "off",
			"synchronous_commit": "off",
			"max_connections":    "200",
			"autovacuum":         "off",
		},
	}
	c, err := pgcluster.Start(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("start the test cache server: %w", err)
	}
	return cacheServer{c}, nil
}

// PrepareCached is Prepare on the cache server: it clones the template whose
// key is the project's when it exists, and otherwise builds it (under a
// name of the run's, renamed once complete, so that a cancelled build
// leaves no template behind) and drops the templates of other keys. The
// run's own databases (thick_p<pid>_...) are dropped by Close; the
// template stays.
func PrepareCached(ctx context.Context, srv Server, p *project.Project, plan *Plan, o PrepareOptions) (*Env, error) {
	key, err := CacheKey(p, plan)
	if err != nil {
		return nil, err
	}
	var admin *pgx.Conn
	if o.Kept != nil {
		admin = o.Kept.takeAdmin(ctx, srv.URL("postgres"))
	}
	if admin == nil {
		if admin, err = pgx.Connect(ctx, srv.URL("postgres")); err != nil {
			return nil, fmt.Errorf("connect: %w", err)
		}
	}
	// the seed writes its dates relative to the day it ran: a template is
	// the day's, and the first run of a new day builds it again
	var day string
	if err := admin.QueryRow(ctx, "select pg_catalog.to_char(current_date, 'YYYYMMDD')").Scan(&day); err != nil {
		admin.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("read the server's date: %w", err)
	}
	files := key
	key += "_" + day
	prefix := fmt.Sprintf("thick_p%d", os.Getpid())
	env := &Env{srv: srv, plan: plan, project: p, admin: admin, prefix: prefix,
		template: templatePrefix + key, testDB: prefix + "_test", record: true}
	env.shared = []string{env.testDB}
	ok := false
	defer func() {
		if !ok {
			env.Close(context.WithoutCancel(ctx))
		}
	}()
	if _, err := admin.Exec(ctx, "select pg_catalog.pg_advisory_lock($1)", cacheLockKey); err != nil {
		return nil, fmt.Errorf("lock the cache: %w", err)
	}
	defer func() {
		_, _ = admin.Exec(context.WithoutCancel(ctx), "select pg_catalog.pg_advisory_unlock($1)", cacheLockKey)
	}()
	existing, err := listDatabases(ctx, admin)
	if err != nil {
		return nil, err
	}
	dropStale(ctx, admin, existing)
	env.Hit = existing[env.template]
	if env.Hit {
		// today's template, unless a zone of its data has passed midnight
		// since its seed ran (marker.SeedZoneDay): built again then, not
		// reloaded
		if why := env.seedZoneStale(ctx, env.template); why != "" {
			if err := dropDatabase(ctx, admin, env.template); err != nil {
				return nil, err
			}
			delete(existing, env.template)
			env.Hit, env.staleDay = false, why
		}
	}
	if !env.Hit && env.staleDay == "" {
		// the same files, another day: the header says why it rebuilds
		for db := range existing {
			if day, ok := strings.CutPrefix(db, templatePrefix+files+"_"); ok {
				env.staleDay = day
			}
		}
	}
	setup, err := setupKey(plan)
	if err != nil {
		return nil, err
	}
	env.kept = o.Kept
	if env.kept != nil && env.kept.name() != "" && env.Hit {
		// a watch's database of the last run, when it is this template's
		_ = env.useKept(ctx, env.templateOIDOf(ctx, env.template), nil)
	}
	if !env.Hit {
		// Only code files changed since a cached template was built: reload
		// its code in place, keeping its seeded rows and its setup.
		if old := reloadable(existing); old != "" {
			reload := func() error { return env.reloadTemplate(ctx, old, p, setup) }
			var err error
			if env.kept != nil && env.kept.name() != "" && env.setupOf(ctx, old) == setupComment(setup) {
				// a watch's database of the last run: its code reloaded in
				// place on one of its own sessions, the template's after
				// the suites (ensureTemplate), or before a clone needs it
				tpl := env.templateOIDOf(ctx, old)
				start := time.Now()
				err = env.useKept(ctx, tpl, func(conns []*fileConn) error { return reloadKept(ctx, conns, p) })
				if err == nil {
					env.Reload = time.Since(start)
					env.pending = old
					env.deferred, env.templateOID = true, tpl
				}
				if errors.Is(err, errKeptUnfit) {
					err = env.reloadSpare(ctx, existing, old, sparePrefix+key, p, reload)
				}
			} else {
				err = env.reloadSpare(ctx, existing, old, sparePrefix+key, p, reload)
			}
			switch {
			case err == nil && env.pending != "":
				env.Reloaded = true
			case err == nil:
				env.Reloaded = true
				if err := renameDatabase(ctx, admin, old, env.template); err != nil {
					return nil, fmt.Errorf("keep the template: %w", err)
				}
				delete(existing, old)
			case errors.Is(err, errNotReloadable):
				// built from scratch below
			default:
				var se *build.SQLError
				var pe *project.PreflightError
				if errors.As(err, &se) || errors.As(err, &pe) || ctx.Err() != nil {
					return nil, err // the file's own error, as a build would say it
				}
				// anything else (an object the files cannot drop, a
				// dependency of the setup on the code): build afresh
			}
		}
	}
	if !env.Hit && !env.Reloaded {
		building := prefix + "_tplnew"
		if err := dropDatabase(ctx, admin, building); err != nil {
			return nil, err
		}
		if _, err := admin.Exec(ctx, "create database "+pgx.Identifier{building}.Sanitize()); err != nil {
			return nil, fmt.Errorf("create %s: %w", building, err)
		}
		env.created = append(env.created, building) // dropped by Close if the build fails
		env.template = building
		err := env.buildTemplate(ctx, p, o)
		env.template = templatePrefix + key
		if err != nil {
			return nil, err
		}
		if err := renameDatabase(ctx, admin, building, env.template); err != nil {
			return nil, fmt.Errorf("keep the template: %w", err)
		}
		env.created = nil // the template is the cache's, not the run's
		if err := commentTemplate(ctx, admin, env.template, setup); err != nil {
			return nil, err
		}
		// the old trees' templates are of no more use
		for db := range existing {
			if strings.HasPrefix(db, templatePrefix) {
				if err := dropDatabase(ctx, admin, db); err != nil {
					return nil, err
				}
			}
		}
	}
	// the last run's database when it left one for this template (spare.go),
	// else a clone; spares of other templates are of no more use
	start := time.Now()
	env.spare = sparePrefix + key
	for db := range existing {
		if strings.HasPrefix(db, sparePrefix) && db != env.spare {
			if err := dropDatabase(ctx, admin, db); err != nil {
				return nil, err
			}
		}
	}
	if env.pending == "" {
		if err := admin.QueryRow(ctx, "select oid from pg_catalog.pg_database where datname = $1", env.template).Scan(&env.templateOID); err != nil {
			return nil, fmt.Errorf("read the template's oid: %w", err)
		}
	}
	// SQL of the project's own that writes through another connection may
	// commit behind the runner's back (spare.go)
	if slices.ContainsFunc(p.Files, func(f *project.File) bool { return opensOtherConnections(f.Content) }) {
		env.tainted.Store(true)
	}
	if !env.Reused {
		// what a watch kept and this run did not take (another template,
		// another setup, a template built from scratch) holds the run's
		// name: dropped before the spare or a clone takes it
		if env.kept != nil {
			env.dropKept(ctx)
		}
		env.Reused = env.takeSpare(ctx, existing, env.spare, env.testDB)
	}
	if !env.Reused {
		if err := env.clone(ctx, env.testDB); err != nil {
			return nil, err
		}
	}
	// its sequences are read by the first session of the files
	// (readSequences), which connects anyway
	env.Clone = time.Since(start)
	ok = true
	return env, nil
}

// describeClone tells in the header where the test database came from.
func (e *Env) describeClone() string {
	if e.Reused {
		return "test database of the last run " + fmtDuration(e.Clone)
	}
	return "clone " + fmtDuration(e.Clone)
}

// errNotReloadable says that a cached template cannot be brought up to
// date in place: a file of 0_tables, 1_junctions or 8_seed, or tests/setup,
// changed since it was built (or it has no object map).
var errNotReloadable = errors.New("not reloadable")

// setupKey hashes tests/setup's files (with the cache's version): a
// template built with other setup files is never reloaded in place.
func setupKey(plan *Plan) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", cacheVersion)
	if err := hashSetup(h, plan); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

// hashSetup writes tests/setup's files into h, each by path and content.
func hashSetup(h io.Writer, plan *Plan) error {
	for _, rel := range plan.Setup {
		b, err := os.ReadFile(filepath.Join(plan.Root, filepath.FromSlash(rel)))
		if err != nil {
			return fmt.Errorf("setup: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00", rel, len(b), b)
	}
	return nil
}

// setupComment is the comment of a cached template: the key of the setup
// files that went into it.
func setupComment(setup string) string { return "thick template, setup " + setup }

func commentTemplate(ctx context.Context, admin *pgx.Conn, db, setup string) error {
	if err := commentDatabase(ctx, admin, db, setupComment(setup)); err != nil {
		return fmt.Errorf("keep the template: %w", err)
	}
	return nil
}

// reloadable returns the cached template a changed tree may start from
// (there is at most one), or "".
func reloadable(existing map[string]bool) string {
	for db := range existing {
		if strings.HasPrefix(db, templatePrefix) {
			return db
		}
	}
	return ""
}

// setupOf returns the comment of the cached template db (its setup's key),
// "" when it has none or cannot be read (the template is then built anew).
func (e *Env) setupOf(ctx context.Context, db string) string {
	var comment *string
	e.adminMu.Lock()
	defer e.adminMu.Unlock()
	if e.admin.QueryRow(ctx, `select pg_catalog.shobj_description(d.oid, 'pg_database')
		from pg_catalog.pg_database as d where d.datname = $1`, db).Scan(&comment) != nil || comment == nil {
		return ""
	}
	return *comment
}

// reloadTemplate brings the cached template old up to date with p by the
// in-place code reload (codeobj.Reload, one transaction: on error the
// template is as before) when only files of 2_views..7_schedule changed
// since it was built and tests/setup did not; errNotReloadable otherwise.
// The seeded rows and what tests/setup created stay: the seed and the setup
// do not run again.
func (e *Env) reloadTemplate(ctx context.Context, old string, p *project.Project, setup string) error {
	if e.setupOf(ctx, old) != setupComment(setup) {
		return errNotReloadable
	}
	start := time.Now()
	if err := e.reloadInPlace(ctx, old, p); err != nil {
		return err
	}
	e.Reload = time.Since(start)
	return nil
}

// reloadInPlace brings database db up to date with p by the in-place code
// reload, or returns errNotReloadable.
func (e *Env) reloadInPlace(ctx context.Context, db string, p *project.Project) error {
	conn, err := pgx.Connect(ctx, e.srv.URL(db))
	if err != nil {
		return fmt.Errorf("connect %s: %w", db, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return reloadCode(ctx, conn, p)
}

// reloadCode brings the database conn is on up to date with p by the
// in-place code reload, or returns errNotReloadable. When no file changed
// what it runs (a comment or blank lines between a data file's statements:
// the tree's key moved, the build's checksums, of a data file's statements
// alone, did not) there is nothing to reload;
// thick builds these databases and nobody else changes their code, unlike a
// development database, where thick rebuild reloads all of it.
func reloadCode(ctx context.Context, conn *pgx.Conn, p *project.Project) error {
	plan, err := codeobj.Decide(ctx, conn, p)
	if err != nil {
		return err
	}
	if plan.Full {
		return errNotReloadable
	}
	if len(plan.Changed) == 0 {
		return nil
	}
	_, err = codeobj.Reload(ctx, conn, p, false)
	return err
}

// reloadSpare reloads the code of the last run's test database of template
// old, beside the template's own reload (reload, run by the caller), and
// keeps it as the spare of the new template: a clone of the old template
// with the same code reloaded is a clone of the reloaded template. On any
// error it is dropped.
func (e *Env) reloadSpare(ctx context.Context, existing map[string]bool, old, newSpare string, p *project.Project, reload func() error) error {
	spare := sparePrefix + strings.TrimPrefix(old, templatePrefix)
	if !existing[spare] {
		return reload()
	}
	delete(existing, spare)
	done := make(chan error, 1)
	go func() { done <- e.reloadInPlace(ctx, spare, p) }()
	err := reload()
	spareErr := <-done
	e.adminMu.Lock()
	defer e.adminMu.Unlock()
	if err == nil && spareErr == nil {
		if renameDatabase(ctx, e.admin, spare, newSpare) == nil {
			existing[newSpare] = true
			return nil
		}
	}
	_ = dropDatabase(ctx, e.admin, spare)
	return err
}

// seedZoneStale says why the seed of database db is no longer today's in a
// time zone of its data ("2026-11-29 in Europe/Zurich"), or "" when it
// still is. A zone the check cannot read counts as stale: a build is
// always right.
func (e *Env) seedZoneStale(ctx context.Context, db string) string {
	conn, err := pgx.Connect(ctx, e.srv.URL(db))
	if err != nil {
		return "a day no longer known (" + err.Error() + ")"
	}
	defer conn.Close(context.WithoutCancel(ctx))
	zone, seeded, _, err := marker.SeedZoneDay(ctx, conn)
	switch {
	case err != nil:
		return "a day no longer known (" + err.Error() + ")"
	case zone != "":
		return seeded + " in " + zone
	}
	return ""
}

// describeTemplate tells in the header where the template came from.
func (e *Env) describeTemplate() string {
	if e.Hit {
		return "template cached (no SQL change)"
	}
	if e.Reloaded && e.deferred {
		return fmt.Sprintf("template cached, code reloaded in place %s (the template's after the suites)", fmtDuration(e.Reload))
	}
	if e.Reloaded {
		return fmt.Sprintf("template cached, code reloaded in place %s", fmtDuration(e.Reload))
	}
	why := ""
	if e.staleDay != "" {
		why = fmt.Sprintf(" (the cached template's seed is of %s)", e.staleDay)
	}
	return fmt.Sprintf("rebuild %s  setup %s  vacuum %s%s", fmtDuration(e.Rebuild), fmtDuration(e.Setup), fmtDuration(e.Vacuum), why)
}

// CachedTemplates lists the cached templates on the server (for tests and
// for the bench).
func CachedTemplates(ctx context.Context, srv Server) ([]string, error) {
	admin, err := pgx.Connect(ctx, srv.URL("postgres"))
	if err != nil {
		return nil, err
	}
	defer admin.Close(context.WithoutCancel(ctx))
	dbs, err := listDatabases(ctx, admin)
	if err != nil {
		return nil, err
	}
	var out []string
	for db := range dbs {
		if strings.HasPrefix(db, templatePrefix) {
			out = append(out, db)
		}
	}
	return out, nil
}

func listDatabases(ctx context.Context, admin *pgx.Conn) (map[string]bool, error) {
	rows, err := admin.Query(ctx, "select datname from pg_catalog.pg_database where datname like 'thick\\_%'")
	if err != nil {
		return nil, fmt.Errorf("list databases: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list databases: %w", err)
	}
	out := map[string]bool{}
	for _, n := range names {
		out[n] = true
	}
	return out, nil
}

// runDB matches the databases of one cached run (thick_p<pid>_...): its
// test databases, its commit clones and a template it was building.
var runDB = regexp.MustCompile(`^thick_p(\d+)_`)

// dropStale drops what runs that no longer exist left behind (killed
// before their Close), and removes those names from dbs.
func dropStale(ctx context.Context, admin *pgx.Conn, dbs map[string]bool) {
	for db := range dbs {
		m := runDB.FindStringSubmatch(db)
		if m == nil {
			continue
		}
		pid, _ := strconv.Atoi(m[1])
		if err := syscall.Kill(pid, 0); pid == os.Getpid() || (pid > 0 && (err == nil || err == syscall.EPERM)) {
			continue
		}
		if dropDatabase(ctx, admin, db) == nil {
			delete(dbs, db)
		}
	}
}
