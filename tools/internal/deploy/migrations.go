package deploy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/marker"
	"thick/tools/internal/project"
)

// MigrationsDir is the folder of migrations under the project root.
const MigrationsDir = "migrations"

// Migration is one file of migrations/.
type Migration struct {
	// Name is the file name ("0002_add_desk_note.sql"); Path is relative to
	// the project root.
	Name, Path, Content string
}

// Sum is the checksum recorded when the migration is applied.
func (m Migration) Sum() string { return marker.Sum(m.Content) }

// LoadMigrations reads root/migrations/*.sql in lexical order, refusing a
// file not named NNNN_name.sql, two files of one number, and a
// file that cannot run in one transaction (as the build's files).
func LoadMigrations(root string) ([]Migration, error) {
	dir := filepath.Join(root, MigrationsDir)
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	var out []Migration
	var probs []project.Problem
	byNum := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("migrations: %w", err)
		}
		m := Migration{Name: e.Name(), Path: MigrationsDir + "/" + e.Name(), Content: string(b)}
		probs = append(probs, project.CheckFile(m.Path, m.Content)...)
		switch num := number(m.Name); {
		case num == "":
			probs = append(probs, project.Problem{Path: m.Path, Line: 1,
				Message: "a migration's name is NNNN_name.sql (thick migration new NAME): a migration is identified by its number"})
		case byNum[num] != "":
			probs = append(probs, project.Problem{Path: m.Path, Line: 1,
				Message: "migration number " + num + " is also " + byNum[num] + ": a migration is identified by its number"})
		default:
			byNum[num] = m.Path
		}
		out = append(out, m)
	}
	if len(probs) > 0 {
		return nil, &project.PreflightError{Problems: probs}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

var migrationName = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)

// NewMigration creates the next migration file, root/migrations/NNNN_name.sql
// (one more than the highest number there), and returns its path.
func NewMigration(root, name string) (string, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	name = strings.NewReplacer(" ", "_", "-", "_").Replace(name)
	if !migrationName.MatchString(name) {
		return "", fmt.Errorf("migration name %q: use lowercase letters, digits and underscores", name)
	}
	dir := filepath.Join(root, MigrationsDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	next := 1
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if n, err := strconv.Atoi(num); ok && err == nil && n >= next {
			next = n + 1
		}
	}
	path := filepath.Join(dir, fmt.Sprintf("%04d_%s.sql", next, name))
	body := fmt.Sprintf(`-- Migration %04d: %s
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.
`, next, strings.ReplaceAll(name, "_", " "))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := f.WriteString(body); err != nil {
		return "", err
	}
	return path, nil
}

const migrationsDDL = `
create schema if not exists thick;
create table if not exists thick.migrations (
  name text primary key,
  sha256 text not null,
  applied_at timestamptz not null default pg_catalog.clock_timestamp(),
  applied boolean not null
);
comment on table thick.migrations is
  'Written by thick deploy: the migrations of migrations/ this database has (applied = false: recorded as already contained by the first deploy from the files).';
`

// applied returns the recorded migrations, name to checksum.
func applied(ctx context.Context, tx pgx.Tx) (map[string]string, error) {
	if _, err := tx.Exec(ctx, migrationsDDL); err != nil {
		return nil, fmt.Errorf("migrations table: %w", err)
	}
	rows, err := tx.Query(ctx, `select name, sha256 from thick.migrations`)
	if err != nil {
		return nil, fmt.Errorf("migrations table: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, s string
		if err := rows.Scan(&n, &s); err != nil {
			return nil, err
		}
		out[n] = s
	}
	return out, rows.Err()
}

// EditedError refuses the migrations when one applied to the database was
// changed afterwards: edited (Names), renamed (Renamed, "recorded -> file")
// or removed from migrations/ (Missing). A migration is identified by its
// number (NNNN): a renamed one would otherwise run a second time.
type EditedError struct{ Names, Renamed, Missing []string }

func (e *EditedError) Error() string {
	var parts []string
	if len(e.Names) > 0 {
		parts = append(parts, "migrations changed after they were applied to this database: "+strings.Join(e.Names, ", "))
	}
	if len(e.Renamed) > 0 {
		parts = append(parts, "applied migrations renamed (a migration is identified by its number): "+strings.Join(e.Renamed, ", "))
	}
	if len(e.Missing) > 0 {
		parts = append(parts, "applied migrations missing from "+MigrationsDir+"/: "+strings.Join(e.Missing, ", "))
	}
	return strings.Join(parts, "; ") + ". An applied migration is never edited, renamed or removed: " +
		"restore it as it was applied and write a new migration for the change. Nothing was applied."
}

// number is a migration file name's number: "0019" for
// "0019_tenant_name_suffix.sql"; "" when the name has none.
func number(name string) string {
	num, _, ok := strings.Cut(name, "_")
	if !ok || len(num) != 4 || strings.Trim(num, "0123456789") != "" {
		return ""
	}
	return num
}

// pending checks the applied migrations against the files and returns those
// to run. Migrations are identified by their number: an applied one whose
// file was edited, renamed or removed is refused, and then nothing runs.
func pending(all []Migration, done map[string]string) ([]Migration, error) {
	doneByNum := map[string]string{} // number to the recorded name
	for name := range done {
		if n := number(name); n != "" {
			doneByNum[n] = name
		}
	}
	var e EditedError
	var out []Migration
	seen := map[string]bool{} // recorded names the files account for
	for _, m := range all {
		if sum, ok := done[m.Name]; ok {
			seen[m.Name] = true
			if sum != m.Sum() {
				e.Names = append(e.Names, m.Path)
			}
			continue
		}
		if rec, ok := doneByNum[number(m.Name)]; ok && number(m.Name) != "" {
			seen[rec] = true
			e.Renamed = append(e.Renamed, rec+" -> "+m.Path)
			continue
		}
		out = append(out, m)
	}
	for name := range done {
		if !seen[name] {
			e.Missing = append(e.Missing, name)
		}
	}
	sort.Strings(e.Missing)
	if len(e.Names)+len(e.Renamed)+len(e.Missing) > 0 {
		return nil, &e
	}
	return out, nil
}

// RecordContained records migrations as contained by a database built from
// the files of their release (not applied by a deploy).
func RecordContained(ctx context.Context, conn *pgx.Conn, migs []Migration) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := applied(ctx, tx); err != nil {
		return err
	}
	for _, m := range migs {
		if _, err := tx.Exec(ctx, `insert into thick.migrations (name, sha256, applied) values ($1, $2, false)
			on conflict (name) do nothing`, m.Name, m.Sum()); err != nil {
			return fmt.Errorf("record migration %s: %w", m.Name, err)
		}
	}
	return tx.Commit(ctx)
}
