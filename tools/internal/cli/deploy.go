package cli

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/catalog"
	"thick/tools/internal/deploy"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/plural"
	"thick/tools/internal/project"
)

// Dump is `thick dump DIR [--db URL] [--root DIR]`: every object of the
// database to DIR/schema/kind/name.sql.
func Dump(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("dump", stderr)
	var c common
	c.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) != 1 {
		return usageError(stderr, "dump", "usage: thick dump DIR [--db URL]")
	}
	conn, _, code := connectTarget(ctx, "dump", c, stderr)
	if conn == nil {
		return code
	}
	defer conn.Close(context.WithoutCancel(ctx))
	cat, err := catalog.Read(ctx, conn)
	if err != nil {
		return fail(stderr, "dump", err)
	}
	n, err := cat.Dump(pos[0])
	if err != nil {
		return fail(stderr, "dump", err)
	}
	fmt.Fprintf(stdout, "dumped %d objects to %s\n", n, pos[0])
	return 0
}

// Verify is `thick verify [--db URL] [--root DIR] [--ignore-whitespace]`:
// the database's catalog against a fresh build of the files (without
// 8_seed) in a throwaway cluster of the same major version. Exit 1 on drift.
func Verify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("verify", stderr)
	var c common
	c.register(fs)
	ws := fs.Bool("ignore-whitespace", false, "compare definitions with white space collapsed (function bodies are stored verbatim)")
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "verify", fmt.Sprintf("unexpected arguments %q", pos))
	}
	root, err := findRoot(c.root)
	if err != nil {
		return fail(stderr, "verify", err)
	}
	p, err := loadProject(root)
	if err != nil {
		return fail(stderr, "verify", err)
	}
	conn, tgt, code := connectTarget(ctx, "verify", c, stderr)
	if conn == nil {
		return code
	}
	defer conn.Close(context.WithoutCancel(ctx))
	fmt.Fprintf(stdout, "verify %s against a fresh build of %s\n", tgt.desc, root)
	diffs, err := deploy.Verify(ctx, conn, p, deploy.LocalReference(logger(stderr)), catalog.DiffOptions{IgnoreWhitespace: *ws})
	if err != nil {
		return reportDeployError(ctx, stderr, "verify", err)
	}
	if len(diffs) == 0 {
		fmt.Fprintln(stdout, "no drift: every object equals a fresh build of the files")
		return 0
	}
	catalog.Print(stdout, diffs)
	fmt.Fprintf(stdout, "drift: %d %s from a fresh build of the files\n", len(diffs), plural.Of(len(diffs), "object differs", "objects differ"))
	return 1
}

// Deploy is `thick deploy --db URL [--root DIR] [--dry-run]
// [--ignore-whitespace] [--lock-timeout 5s]`.
func Deploy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("deploy", stderr)
	var c common
	c.register(fs)
	dry := fs.Bool("dry-run", false, "do everything, verification included, then roll back")
	ws := fs.Bool("ignore-whitespace", false, "verify with white space in definitions collapsed")
	lockTimeout := fs.Duration("lock-timeout", DefaultDeployLockTimeout,
		"give up (rolled back, naming who holds it) when a lock on a table or other object is not granted within this time: "+
			"while the deploy waits, the application's queries on that table queue behind it (0: wait as long as it takes)")
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "deploy", fmt.Sprintf("unexpected arguments %q", pos))
	}
	root, err := findRoot(c.root)
	if err != nil {
		return fail(stderr, "deploy", err)
	}
	p, err := loadProject(root)
	if err != nil {
		return fail(stderr, "deploy", err)
	}
	migs, err := deploy.LoadMigrations(root)
	if err != nil {
		return reportDeployError(ctx, stderr, "deploy", err)
	}
	conn, tgt, code := connectTarget(ctx, "deploy", c, stderr)
	if conn == nil {
		return code
	}
	defer conn.Close(context.WithoutCancel(ctx))
	fmt.Fprintf(stdout, "deploy %s to %s%s\n", root, tgt.desc, map[bool]string{true: " (dry run)"}[*dry])
	if why, err := cronMissing(ctx, conn, p); err != nil {
		return fail(stderr, "deploy", err)
	} else if why != "" {
		fmt.Fprintf(stderr, "thick deploy: refusing to deploy: %s\n", why)
		return 1
	}
	return runDeploy(ctx, conn, p, migs, deploy.LocalReference(logger(stderr)), *dry, *ws, *lockTimeout, stdout, stderr)
}

// DefaultDeployLockTimeout is how long `thick deploy` waits for a lock on
// an object before it gives up, rolled back: the application's queries on
// the table queue behind a waiting deploy, so it must not wait long.
const DefaultDeployLockTimeout = 5 * time.Second

func runDeploy(ctx context.Context, conn *pgx.Conn, p *project.Project, migs []deploy.Migration, ref deploy.Reference, dry, ws bool, lockTimeout time.Duration, stdout, stderr io.Writer) int {
	res, err := deploy.Deploy(ctx, conn, p, deploy.Options{
		Reference:   ref,
		Migrations:  migs,
		DryRun:      dry,
		Diff:        catalog.DiffOptions{IgnoreWhitespace: ws},
		Log:         stdout,
		LockTimeout: lockTimeout,
	})
	var drift *deploy.DriftError
	if errors.As(err, &drift) {
		catalog.Print(stdout, drift.Diffs)
		fmt.Fprintf(stderr, "thick deploy: %v (locks held %s)\n", err, res.LockHeld.Round(time.Millisecond))
		return 1
	}
	if err != nil {
		return reportDeployError(ctx, stderr, "deploy", err)
	}
	what := "deployed"
	if res.Fresh {
		what = "deployed into an empty database"
	}
	if dry {
		what = "dry run: no drift, rolled back"
	}
	fmt.Fprintf(stdout, "%s: %d %s applied, %d files run, no drift; %s in all, locks held %s\n",
		what, len(res.Applied), plural.S(len(res.Applied), "migration"), res.Files,
		res.Duration.Round(time.Millisecond), res.LockHeld.Round(time.Millisecond))
	return 0
}

// Migration is `thick migration new NAME [--root DIR]`.
func Migration(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("migration", stderr)
	root := fs.String("root", "", "project root (default: found from the working directory)")
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) != 2 || pos[0] != "new" {
		return usageError(stderr, "migration", "usage: thick migration new NAME")
	}
	dir, err := findRoot(*root)
	if err != nil {
		return fail(stderr, "migration", err)
	}
	path, err := deploy.NewMigration(dir, pos[1])
	if err != nil {
		return fail(stderr, "migration", err)
	}
	rel, _ := filepath.Rel(dir, path)
	fmt.Fprintf(stdout, "created %s\n", rel)
	return 0
}

// VerifyMigrations is `thick verify-migrations [--from REF] [--root DIR]`:
// in a throwaway cluster, the release at REF (git; default HEAD) is built
// with its seed, its migrations are recorded as contained, and the working
// tree is deployed on top (pending migrations, code, verification against a
// fresh build of the working tree). Exit 0 when the deploy verifies.
func VerifyMigrations(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("verify-migrations", stderr)
	root := fs.String("root", "", "project root (default: found from the working directory)")
	from := fs.String("from", "HEAD", "the previous release, a git revision")
	pos, err := parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "verify-migrations", fmt.Sprintf("unexpected arguments %q", pos))
	}
	dir, err := findRoot(*root)
	if err != nil {
		return fail(stderr, "verify-migrations", err)
	}
	p, err := loadProject(dir)
	if err != nil {
		return fail(stderr, "verify-migrations", err)
	}
	migs, err := deploy.LoadMigrations(dir)
	if err != nil {
		return reportDeployError(ctx, stderr, "verify-migrations", err)
	}
	old, err := extractRelease(ctx, dir, *from)
	if err != nil {
		return fail(stderr, "verify-migrations", err)
	}
	defer os.RemoveAll(old)
	prev, err := project.Load(old)
	if err != nil {
		return fail(stderr, "verify-migrations", err)
	}
	prevMigs, err := deploy.LoadMigrations(old)
	if err != nil {
		return reportDeployError(ctx, stderr, "verify-migrations", err)
	}
	const db = "thick_release"
	cl, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true, Database: db, CronDatabase: db, Logger: logger(stderr)})
	if err != nil {
		return fail(stderr, "verify-migrations", err)
	}
	defer func() { _ = cl.Stop(context.WithoutCancel(ctx)) }()
	conn, err := pgx.Connect(ctx, cl.URL(db))
	if err != nil {
		return fail(stderr, "verify-migrations", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	fmt.Fprintf(stdout, "the release at %s, with its seed and %d migrations:\n", *from, len(prevMigs))
	if _, err := build.Rebuild(ctx, conn, prev, build.Options{Stdout: stdout, Record: true}); err != nil {
		fmt.Fprintf(stderr, "thick verify-migrations: the release at %s does not build:\n", *from)
		return reportBuildError(ctx, stderr, "verify-migrations", err, colorOn(stderr))
	}
	if err := deploy.RecordContained(ctx, conn, prevMigs); err != nil {
		return fail(stderr, "verify-migrations", err)
	}
	fmt.Fprintf(stdout, "deploy the working tree on top:\n")
	if rc := runDeploy(ctx, conn, p, migs, deploy.LocalReference(logger(stderr)), false, false, 0, stdout, stderr); rc != 0 {
		return rc
	}
	return verifyFileRows(ctx, cl, conn, prev, p, stdout, stderr)
}

// verifyFileRows compares the rows the data files insert (a rule, an
// instrument, a vaccine) with the migrated database: each release's data
// folders are built alone into a database of their own on cl, and every row
// the new files insert must be in the migrated database, every row only the
// previous files inserted gone from it. The catalog's comparison sees
// tables and columns, not rows: a migration that forgot to bring a rule to
// the file's new value deployed it unchanged.
func verifyFileRows(ctx context.Context, cl *pgcluster.Cluster, conn *pgx.Conn, prev, p *project.Project, stdout, stderr io.Writer) int {
	for _, db := range []string{"thick_rows_new", "thick_rows_old"} {
		if err := cl.CreateDatabase(ctx, db); err != nil {
			return fail(stderr, "verify-migrations", err)
		}
	}
	want, err := deploy.BuildFileRows(ctx, cl.URL("thick_rows_new"), p, nil)
	if err != nil {
		return fail(stderr, "verify-migrations", fmt.Errorf("the working tree: %w", err))
	}
	was, err := deploy.BuildFileRows(ctx, cl.URL("thick_rows_old"), prev, want)
	if err != nil {
		return fail(stderr, "verify-migrations", fmt.Errorf("the release: %w", err))
	}
	diffs, err := deploy.CompareRows(ctx, conn, want, was)
	if err != nil {
		return fail(stderr, "verify-migrations", err)
	}
	var skipped []string
	for _, table := range slices.Sorted(maps.Keys(want.Skipped)) {
		for _, c := range want.Skipped[table] {
			skipped = append(skipped, table+"."+c)
		}
	}
	if len(skipped) > 0 {
		fmt.Fprintf(stdout, "the rows' columns not compared (their values differ from build to build; a value a file gives one itself is not checked): %s\n",
			strings.Join(skipped, ", "))
	}
	if len(diffs) > 0 {
		for _, d := range diffs {
			fmt.Fprintf(stdout, "  %s\n", d)
		}
		fmt.Fprintf(stderr, "thick verify-migrations: %d %s of the data files not brought by the migrations: write a migration that inserts, updates or deletes them as the files now say\n",
			len(diffs), plural.S(len(diffs), "row"))
		return 1
	}
	n := len(want.Rows)
	fmt.Fprintf(stdout, "the rows of the data files: as the files say (%d %s holding rows)\n", n, plural.S(n, "table"))
	return 0
}

// extractRelease writes the build folders and migrations/ of a git revision
// to a new directory of its own (os.MkdirTemp: a fresh name, mode 0700, so
// no other user can have put files there) and returns it; the caller removes
// it.
func extractRelease(ctx context.Context, repo, rev string) (string, error) {
	dst, err := os.MkdirTemp("", "thick-release-*")
	if err != nil {
		return "", err
	}
	if err := extractRevision(ctx, repo, rev, dst); err != nil {
		_ = os.RemoveAll(dst)
		return "", err
	}
	return dst, nil
}

// extractRevision writes the build folders and migrations/ of a git
// revision to dst.
func extractRevision(ctx context.Context, repo, rev, dst string) error {
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", "-C", repo, "archive", "--format=tar", rev)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("git archive %s: %v: %s", rev, err, strings.TrimSpace(errb.String()))
	}
	tr := tar.NewReader(&out)
	keep := append(slices.Clone(project.Folders), deploy.MigrationsDir)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("git archive %s: %w", rev, err)
		}
		top, _, _ := strings.Cut(h.Name, "/")
		if h.Typeflag != tar.TypeReg || !slices.Contains(keep, top) || strings.Contains(h.Name, "..") {
			continue
		}
		p := filepath.Join(dst, filepath.FromSlash(h.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
}

// connectTarget resolves and connects to the command's database.
func connectTarget(ctx context.Context, cmd string, c common, stderr io.Writer) (*pgx.Conn, target, int) {
	root, err := findRoot(c.root)
	if err != nil {
		return nil, target{}, fail(stderr, cmd, err)
	}
	tgt, err := resolveTarget(ctx, c, root, stderr)
	if err != nil {
		return nil, target{}, fail(stderr, cmd, err)
	}
	conn, err := pgx.Connect(ctx, tgt.connString)
	if err != nil {
		return nil, target{}, fail(stderr, cmd, fmt.Errorf("connect to %s: %w", tgt.desc, err))
	}
	return conn, tgt, 0
}

func reportDeployError(ctx context.Context, w io.Writer, cmd string, err error) int {
	var se *build.SQLError
	var pe *project.PreflightError
	var le *build.LockError
	const gaveUp = "thick %s: gave up waiting for the lock (--lock-timeout); rolled back, the database is unchanged\n"
	switch {
	case ctx.Err() != nil:
		fmt.Fprintf(w, "thick %s: interrupted; rolled back, the database is unchanged\n", cmd)
		return 130
	case errors.As(err, &se):
		fmt.Fprint(w, se.Format(colorOn(w)))
		if se.Blocker != "" {
			fmt.Fprintf(w, gaveUp, cmd)
		} else {
			fmt.Fprintf(w, "thick %s: failed; rolled back, the database is unchanged\n", cmd)
		}
	case errors.As(err, &le):
		fmt.Fprintf(w, "thick %s: %v\n", cmd, err)
		fmt.Fprintf(w, gaveUp, cmd)
	case errors.As(err, &pe):
		for _, pr := range pe.Problems {
			fmt.Fprintln(w, pr.String())
		}
		fmt.Fprintf(w, "thick %s: files that cannot run in one transaction; nothing was run\n", cmd)
	default:
		fmt.Fprintf(w, "thick %s: %v\n", cmd, err)
	}
	return 1
}

func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// cronMissing says why the database conn is connected to cannot run the
// schedules of p's 7_schedule ("" when it can, or when p schedules nothing,
// or when this machine has no pg_cron for the reference build either).
// pg_cron runs in one database of a server, cron.database_name, when the
// server preloads it: elsewhere core.schedule skips every schedule with a
// notice, and the deploy would end in drift from the fresh build (which has
// them) after building everything, with "missing extension pg_cron".
func cronMissing(ctx context.Context, conn *pgx.Conn, p *project.Project) (string, error) {
	if !slices.Contains(pgcluster.DefaultPreload(), "pg_cron") {
		return "", nil
	}
	n := 0
	for _, f := range p.Files {
		if f.Folder == "7_schedule" {
			n += strings.Count(f.Content, "core.schedule(")
		}
	}
	if n == 0 {
		return "", nil
	}
	var db, cronDB, preload string
	err := conn.QueryRow(ctx, `
		select pg_catalog.current_database(),
		       coalesce(pg_catalog.current_setting('cron.database_name', true), ''),
		       pg_catalog.current_setting('shared_preload_libraries')`).Scan(&db, &cronDB, &preload)
	if err != nil {
		return "", fmt.Errorf("look up pg_cron: %w", err)
	}
	// the extension installed proves nothing: its scheduler runs only where
	// the server preloads it and cron.database_name names the database (a
	// copy of the cron database, or one renamed, holds it idle)
	preloaded := slices.ContainsFunc(strings.Split(preload, ","), namesPgCron)
	if preloaded && cronDB == db {
		return "", nil
	}
	where := fmt.Sprintf("the server does not preload pg_cron (shared_preload_libraries is %q)", preload)
	if preloaded {
		where = fmt.Sprintf("pg_cron runs in database %q of this server (cron.database_name), not in %q", cronDB, db)
	}
	return fmt.Sprintf("7_schedule schedules %d %s with pg_cron, and %s: they would never run, and the database would differ from a fresh build. "+
		"Deploy into the database pg_cron runs in (shared_preload_libraries = 'pg_cron', cron.database_name = '%s'), "+
		"or try the deploy on a throwaway copy of the release with `thick verify-migrations`",
		n, plural.S(n, "job"), where, db), nil
}

// namesPgCron reports whether an entry of shared_preload_libraries loads
// pg_cron: pg_cron, '$libdir/pg_cron', a path, with or without .so, quoted
// or not.
func namesPgCron(entry string) bool {
	entry = strings.Trim(strings.TrimSpace(entry), `"'`)
	return strings.TrimSuffix(path.Base(entry), ".so") == "pg_cron"
}
