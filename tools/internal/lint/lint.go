// Package lint is `thick lint`: it builds the project into a throwaway
// PostgreSQL and runs plpgsql_check over every PL/pgSQL function of the
// build, trigger functions against each table they are attached to (with
// their transition tables), so that a statement no seed or suite reaches
// (a column that does not exist in a branch never taken) still fails CI.
// Errors are printed like the build's, at path:line:col of the function's
// file with the source line and a caret; warnings are listed apart.
package lint

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/fatih/color"
	"github.com/jackc/pgx/v5"
	"github.com/mattn/go-isatty"

	"thick/tools/internal/build"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/plural"
	"thick/tools/internal/project"
	"thick/tools/internal/sqlsplit"
)

// Schema holds plpgsql_check in the linted database.
const Schema = "thick_lint"

// Finding is one message of plpgsql_check, located in the project.
type Finding struct {
	Function string // regprocedure: core.audit()
	Table    string // the table a trigger function was checked against, "" otherwise
	Level    string // error, warning, warning extra, performance, security
	Err      *build.SQLError
}

// IsError reports whether the finding is an error (anything else is a warning).
func (f Finding) IsError() bool { return f.Level == "error" }

// Report is what Check found.
type Report struct {
	Functions   int // PL/pgSQL functions checked
	Attachments int // (trigger function, table) pairs checked
	Findings    []Finding
}

// Errors counts the findings that are errors.
func (r *Report) Errors() int {
	n := 0
	for _, f := range r.Findings {
		if f.IsError() {
			n++
		}
	}
	return n
}

// Command runs `thick lint [--root DIR]` and returns the exit code: 0 when
// no function has an error (warnings allowed), 1 otherwise.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("thick lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rootFlag := fs.String("root", "", "project root (default: the nearest directory up from here holding 0_tables or go.mod)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "thick lint: unexpected arguments %q\n", fs.Args())
		return 2
	}
	root, err := project.FindRoot(*rootFlag)
	if err != nil {
		fmt.Fprintf(stderr, "thick lint: %v\n", err)
		return 1
	}
	useColor := colorOn(stdout)
	rep, err := Run(ctx, root, stderr, useColor)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "thick lint: interrupted")
			return 130
		}
		var se *build.SQLError
		var pe *project.PreflightError
		switch {
		case errors.As(err, &se):
			fmt.Fprint(stderr, se.Format(colorOn(stderr)))
			fmt.Fprintln(stderr, "thick lint: the build failed; nothing was checked")
		case errors.As(err, &pe):
			fmt.Fprintln(stderr, pe.Error())
			fmt.Fprintln(stderr, "thick lint: the files cannot be built; nothing was checked")
		default:
			fmt.Fprintf(stderr, "thick lint: %v\n", err)
		}
		return 1
	}
	Print(stdout, rep, useColor)
	if rep.Errors() > 0 {
		return 1
	}
	return 0
}

// Run builds the project at root into a temporary cluster and checks it.
func Run(ctx context.Context, root string, log io.Writer, useColor bool) (*Report, error) {
	p, err := project.Load(root)
	if err != nil {
		return nil, err
	}
	if len(p.Files) == 0 {
		return nil, fmt.Errorf("no .sql files under %s", root)
	}
	if err := p.Preflight(); err != nil {
		return nil, err
	}
	if !pgcluster.HasLibrary("plpgsql_check") {
		return nil, errors.New("plpgsql_check is not installed for this PostgreSQL; run `make deps` (scripts/install-deps.sh installs postgresql-15-plpgsql-check)")
	}
	// pg_cron in the linted database, so that functions calling it check
	cl, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true, Database: "thick_lint", CronDatabase: "thick_lint"})
	if err != nil {
		return nil, fmt.Errorf("start a temporary cluster: %w", err)
	}
	defer func() { _ = cl.Stop(context.WithoutCancel(ctx)) }()
	conn, err := pgx.Connect(ctx, cl.URL("thick_lint"))
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if err := buildForLint(ctx, conn, p); err != nil {
		return nil, err
	}
	return Check(ctx, conn, p)
}

// buildForLint builds 0_tables..7_schedule, then only the definitions of
// 8_seed (its functions, schemas, types), not the demo data, which takes
// long to write and which lint does not read. When the definitions do not
// stand without the data, it builds everything.
func buildForLint(ctx context.Context, conn *pgx.Conn, p *project.Project) error {
	var folders []string
	for _, f := range project.Folders {
		if f != "8_seed" {
			folders = append(folders, f)
		}
	}
	if _, err := build.Rebuild(ctx, conn, p, build.Options{ForceUnmarked: true, Folders: folders}); err != nil {
		return err
	}
	seed := p.FolderFiles("8_seed")
	if len(seed) == 0 {
		return nil
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, "set local search_path = ''"); err != nil {
		return err
	}
	for _, f := range seed {
		for _, st := range f.Statements() {
			if !definition(st.SQL) {
				continue
			}
			if _, err := tx.Conn().PgConn().Exec(ctx, st.SQL).ReadAll(); err != nil {
				_ = tx.Rollback(ctx)
				_, err := build.Rebuild(ctx, conn, p, build.Options{ForceUnmarked: true})
				return err
			}
		}
	}
	return tx.Commit(ctx)
}

// definition reports whether a statement defines something (as opposed to
// writing data or running code).
func definition(sql string) bool {
	w := sqlsplit.Words(sql, 1)
	if len(w) == 0 {
		return false
	}
	switch w[0] {
	case "create", "alter", "comment", "grant", "revoke":
		return true
	}
	return false
}

// target is one call of plpgsql_check.
type target struct {
	oid                 uint32
	schema, name, args  string
	proc                string // regprocedure text
	table               string // regclass text of the trigger's table, "" for none
	relid               uint32
	oldtable, newtable  *string
	trigger, unattached bool
}

// Check runs plpgsql_check over every PL/pgSQL function in conn's database
// that no extension owns, each trigger function once per table it is
// attached to. It installs plpgsql_check in schema Schema if needed.
func Check(ctx context.Context, conn *pgx.Conn, p *project.Project) (*Report, error) {
	if _, err := conn.Exec(ctx, "create schema if not exists "+Schema+"; create extension if not exists plpgsql_check with schema "+Schema); err != nil {
		return nil, fmt.Errorf("install plpgsql_check: %w", err)
	}
	rows, err := conn.Query(ctx, `
		select p.oid,
		       n.nspname,
		       p.proname,
		       pg_catalog.pg_get_function_identity_arguments(p.oid),
		       p.oid::pg_catalog.regprocedure::text,
		       coalesce(t.tgrelid::pg_catalog.regclass::text, ''),
		       coalesce(t.tgrelid, 0),
		       t.tgoldtable::text,
		       t.tgnewtable::text,
		       p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype
		  from pg_catalog.pg_proc as p
		  join pg_catalog.pg_namespace as n
		    on n.oid = p.pronamespace
		  join pg_catalog.pg_language as l
		    on l.oid = p.prolang
		  left join lateral (
		        select distinct tg.tgrelid, tg.tgoldtable, tg.tgnewtable
		          from pg_catalog.pg_trigger as tg
		         where tg.tgfoid = p.oid
		           and not tg.tgisinternal
		       ) as t
		    on p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype
		 where l.lanname = 'plpgsql'
		   and n.nspname not in ('pg_catalog', 'information_schema', $1)
		   and not exists (
		        select
		          from pg_catalog.pg_depend as d
		         where d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
		           and d.objid = p.oid
		           and d.deptype = 'e'
		       )
		 order by n.nspname, p.proname, 5, 6`, Schema)
	if err != nil {
		return nil, fmt.Errorf("list functions: %w", err)
	}
	var targets []target
	for rows.Next() {
		var t target
		if err := rows.Scan(&t.oid, &t.schema, &t.name, &t.args, &t.proc, &t.table, &t.relid, &t.oldtable, &t.newtable, &t.trigger); err != nil {
			return nil, fmt.Errorf("list functions: %w", err)
		}
		t.unattached = t.trigger && t.relid == 0
		targets = append(targets, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list functions: %w", err)
	}
	rep := &Report{}
	seenFn := map[uint32]bool{}
	seen := map[string]bool{}
	for _, t := range targets {
		if !seenFn[t.oid] {
			seenFn[t.oid] = true
			rep.Functions++
		}
		if t.relid != 0 {
			rep.Attachments++
		}
		found, err := checkOne(ctx, conn, p, t)
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			// a trigger function attached to several tables says the same
			// thing once per table only when the tables differ in it
			key := f.Level + "\x00" + f.Err.Error() + "\x00" + f.Function
			if seen[key] {
				continue
			}
			seen[key] = true
			rep.Findings = append(rep.Findings, f)
		}
	}
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		a, b := rep.Findings[i].Err, rep.Findings[j].Err
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	return rep, nil
}

func checkOne(ctx context.Context, conn *pgx.Conn, p *project.Project, t target) ([]Finding, error) {
	if t.unattached {
		// nothing to check its NEW and OLD against
		e := &build.SQLError{Path: t.proc, File: t.proc, Severity: "WARNING", Code: "",
			Message: "trigger function attached to no table: not checked"}
		if site, ok := build.LocateInFunction(p, t.schema, t.name, t.args, 1, "", 0); ok {
			e.Path, e.File = site.Path, site.Path
			e.At(site.Src, site.Off)
		}
		return []Finding{{Function: t.proc, Level: "warning", Err: e}}, nil
	}
	rows, err := conn.Query(ctx, `
		select coalesce(r.lineno, 0),
		       coalesce(r.statement, ''),
		       coalesce(r.sqlstate, ''),
		       coalesce(r.message, ''),
		       coalesce(r.detail, ''),
		       coalesce(r.hint, ''),
		       coalesce(r.level, ''),
		       coalesce(r."position", 0),
		       coalesce(r.query, ''),
		       coalesce(r.context, '')
		  from `+Schema+`.plpgsql_check_function_tb(
		         $1::pg_catalog.regprocedure,
		         relid => $2::pg_catalog.oid::pg_catalog.regclass,
		         fatal_errors => false,
		         other_warnings => true,
		         extra_warnings => true,
		         performance_warnings => false,
		         oldtable => $3,
		         newtable => $4) as r`, t.oid, t.relid, t.oldtable, t.newtable)
	if err != nil {
		return nil, fmt.Errorf("plpgsql_check %s: %w", t.proc, err)
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var lineno, position int
		var stmt, code, msg, detail, hint, level, query, where string
		if err := rows.Scan(&lineno, &stmt, &code, &msg, &detail, &hint, &level, &position, &query, &where); err != nil {
			return nil, fmt.Errorf("plpgsql_check %s: %w", t.proc, err)
		}
		ctxLine := fmt.Sprintf("function %s line %d at %s", t.proc, lineno, strings.ToLower(stmt))
		if t.table != "" {
			ctxLine += " (trigger on " + t.table + ")"
		}
		if where != "" {
			ctxLine += "\n" + where
		}
		sev := "ERROR"
		if level != "error" {
			sev = strings.ToUpper(level)
		}
		e := &build.SQLError{Path: t.proc, File: t.proc, Severity: sev, Code: code, Message: msg, Detail: detail, Hint: hint, Where: ctxLine}
		// a block's local variable is reported at the block; its context
		// names the variable's own line
		if m := declaredOn.FindStringSubmatch(where); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
				lineno, query, position = n, "", 0
			}
		}
		if site, ok := build.LocateInFunction(p, t.schema, t.name, t.args, lineno, query, position); ok {
			e.Path, e.File = site.Path, site.Path
			e.At(site.Src, site.Off)
		}
		out = append(out, Finding{Function: t.proc, Table: t.table, Level: level, Err: e})
	}
	return out, rows.Err()
}

// declaredOn finds the line of a local variable in plpgsql_check's context.
var declaredOn = regexp.MustCompile(`local variable "[^"]*" initialization on line (\d+)`)

// Print writes the errors, then the warnings apart, then one summary line.
func Print(w io.Writer, r *Report, useColor bool) {
	var errs, warns []Finding
	for _, f := range r.Findings {
		if f.IsError() {
			errs = append(errs, f)
		} else {
			warns = append(warns, f)
		}
	}
	for _, f := range errs {
		fmt.Fprint(w, f.Err.Format(useColor))
	}
	if len(warns) > 0 {
		head := color.New(color.FgYellow, color.Bold)
		if useColor {
			head.EnableColor()
		} else {
			head.DisableColor()
		}
		fmt.Fprintln(w, head.Sprintf("warnings (%d):", len(warns)))
		for _, f := range warns {
			fmt.Fprint(w, f.Err.Format(useColor))
		}
	}
	fmt.Fprintf(w, "lint: %d %s checked (%d trigger %s), %d %s, %d %s\n",
		r.Functions, plural.S(r.Functions, "function"), r.Attachments, plural.S(r.Attachments, "attachment"),
		len(errs), plural.S(len(errs), "error"), len(warns), plural.S(len(warns), "warning"))
}

func colorOn(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
