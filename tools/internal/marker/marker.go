// Package marker keeps the safety marker that tells thick whether a database
// may be rebuilt: a single row in thick.marker saying the database is for
// development or production.
//
// Rebuild marks an empty database (no schemas but an empty public) as
// development on its first build; it refuses a database without a marker
// that holds anything (unless forced, which marks it development) and always
// refuses a database marked production.
package marker

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The kinds of database.
const (
	Development = "development"
	Production  = "production"
)

// Schema holds the marker table; rebuild never drops it.
const Schema = "thick"

// DBTX is what the functions need: a *pgx.Conn, a pgx.Tx or a pool.
type DBTX interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Marker is the marker row.
type Marker struct {
	Kind      string
	CreatedAt time.Time
	// Schemas are the schemas the last build created.
	Schemas []string
	// BuiltAt is the time of the last successful build (nil before one).
	BuiltAt *time.Time
}

// Read returns the database's marker, or nil when it has none.
func Read(ctx context.Context, db DBTX) (*Marker, error) {
	var exists bool
	err := db.QueryRow(ctx, `select pg_catalog.to_regclass('thick.marker') is not null`).Scan(&exists)
	if err != nil {
		return nil, fmt.Errorf("read marker: %w", err)
	}
	if !exists {
		return nil, nil
	}
	var m Marker
	err = db.QueryRow(ctx, `
		select kind,
		       created_at,
		       coalesce(schemas, '{}'),
		       built_at
		from thick.marker`).Scan(&m.Kind, &m.CreatedAt, &m.Schemas, &m.BuiltAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read marker: %w", err)
	}
	return &m, nil
}

// Check returns the database's kind (Development or Production), or "" when
// it carries no marker.
func Check(ctx context.Context, db DBTX) (kind string, err error) {
	m, err := Read(ctx, db)
	if err != nil || m == nil {
		return "", err
	}
	return m.Kind, nil
}

const ddl = `
create schema if not exists thick;

create table if not exists thick.marker (
  kind text not null check (kind in ('development', 'production')),
  created_at timestamptz not null default pg_catalog.now(),
  schemas text[] not null default '{}',
  built_at timestamptz
);

create unique index if not exists marker_one_row on thick.marker ((true));

comment on table thick.marker is
  'Written by thick: development databases may be dropped and rebuilt, production ones never. One row.';
`

// Set marks the database as kind, creating the marker table if needed.
func Set(ctx context.Context, db DBTX, kind string) error {
	if kind != Development && kind != Production {
		return fmt.Errorf("mark: kind must be %s or %s, not %q", Development, Production, kind)
	}
	if _, err := db.Exec(ctx, ddl); err != nil {
		return fmt.Errorf("mark %s: %w", kind, err)
	}
	_, err := db.Exec(ctx, `
		insert into thick.marker (kind)
		values ($1)
		on conflict ((true)) do update
		set kind = excluded.kind`, kind)
	if err != nil {
		return fmt.Errorf("mark %s: %w", kind, err)
	}
	return nil
}

// Record stores the schemas a build created and the build time.
func Record(ctx context.Context, db DBTX, schemas []string) error {
	if schemas == nil {
		schemas = []string{}
	}
	tag, err := db.Exec(ctx, `
		update thick.marker
		set schemas = $1,
		    built_at = pg_catalog.clock_timestamp()`, schemas)
	if err != nil {
		return fmt.Errorf("record build in marker: %w", err)
	}
	if tag.RowsAffected() != 1 {
		return errors.New("record build in marker: no marker row")
	}
	return nil
}

// RecordSeed stores when the seed (8_seed) of a full build ran, or that it
// did not (--no-seed): the seed writes its dates relative to that day, so a
// database seeded on another day is rebuilt, never reloaded in place
// (SeedDay). It adds the column to a marker of an older thick.
func RecordSeed(ctx context.Context, db DBTX, seeded bool) error {
	if _, err := db.Exec(ctx, `alter table thick.marker add column if not exists seeded_at timestamptz`); err != nil {
		return fmt.Errorf("record seed in marker: %w", err)
	}
	if _, err := db.Exec(ctx, `
		update thick.marker
		set seeded_at = case when $1 then pg_catalog.clock_timestamp() end`, seeded); err != nil {
		return fmt.Errorf("record seed in marker: %w", err)
	}
	return nil
}

// SeedDay returns the day the database's seed ran on and today, both in the
// session's time zone (YYYY-MM-DD); seeded is "" when no seed ran (a
// --no-seed build, or no marker). recorded is false when the marker predates
// RecordSeed: nobody knows then whether, or when, a seed ran.
func SeedDay(ctx context.Context, db DBTX) (seeded, today string, recorded bool, err error) {
	var s *string
	err = db.QueryRow(ctx, `
		select pg_catalog.to_jsonb(m) ? 'seeded_at',
		       ((pg_catalog.to_jsonb(m) ->> 'seeded_at')::timestamptz)::date::text,
		       current_date::text
		from thick.marker as m`).Scan(&recorded, &s, &today)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", true, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("read marker: %w", err)
	}
	if s != nil {
		seeded = *s
	}
	return seeded, today, recorded, nil
}

// SeedZoneDay returns a time zone of the database's data (a value of a text
// column named time_zone of a table outside the system schemas and
// thick's) whose local date is no longer the one it was when the seed ran,
// with that date then and now (YYYY-MM-DD); zone is "" when every such
// zone is still on the seed's day, when no seed ran, or when the data names
// no zone. The seed writes dates relative to the local days of its hotels
// and schools ("last week's payroll run", "a dose this morning"): past a
// midnight of one of their zones its rows no longer match what the suites
// compute for today there, even when the server's own date (SeedDay) has
// not moved. A value that is not a zone the server knows fails the query:
// the error is returned.
func SeedZoneDay(ctx context.Context, db DBTX) (zone, seeded, today string, err error) {
	rows, err := db.Query(ctx, `
		select pg_catalog.format('select %I::text from %I.%I', a.attname, n.nspname, c.relname)
		from pg_catalog.pg_attribute as a
		join pg_catalog.pg_class as c on c.oid = a.attrelid
		join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
		where a.attname = 'time_zone' and a.attnum > 0 and not a.attisdropped
		  and a.atttypid in ('pg_catalog.text'::regtype, 'pg_catalog.varchar'::regtype)
		  and c.relkind in ('r', 'p')
		  and n.nspname not in ('pg_catalog', 'information_schema', 'thick')
		  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
		order by 1`)
	if err != nil {
		return "", "", "", fmt.Errorf("read the data's time zones: %w", err)
	}
	var selects []string
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			return "", "", "", fmt.Errorf("read the data's time zones: %w", err)
		}
		selects = append(selects, q)
	}
	if err := rows.Err(); err != nil {
		return "", "", "", fmt.Errorf("read the data's time zones: %w", err)
	}
	if len(selects) == 0 {
		return "", "", "", nil
	}
	err = db.QueryRow(ctx, `
		with zones (name) as (`+strings.Join(selects, " union ")+`),
		seed as (select ((pg_catalog.to_jsonb(m) ->> 'seeded_at')::timestamptz) as at from thick.marker as m)
		select zones.name,
		       ((seed.at at time zone zones.name)::date)::text,
		       ((pg_catalog.now() at time zone zones.name)::date)::text
		from zones, seed
		where zones.name is not null and seed.at is not null
		  and (seed.at at time zone zones.name)::date <> (pg_catalog.now() at time zone zones.name)::date
		order by zones.name
		limit 1`).Scan(&zone, &seeded, &today)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", "", nil
	}
	if err != nil {
		return "", "", "", fmt.Errorf("compare the seed's day in the data's time zones: %w", err)
	}
	return zone, seeded, today, nil
}

// Contents lists what makes a database non-empty: every schema but the
// system ones and thick's own, with public listed only when it holds
// something. An empty result means an empty database.
func Contents(ctx context.Context, db DBTX) ([]string, error) {
	rows, err := db.Query(ctx, `
		select n.nspname
		from pg_catalog.pg_namespace as n
		where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'thick')
		  and n.nspname !~ '^pg_(toast_)?temp_'
		  and (
		    n.nspname <> 'public'
		    or exists (select from pg_catalog.pg_class as c where c.relnamespace = n.oid)
		    or exists (select from pg_catalog.pg_proc as p where p.pronamespace = n.oid)
		    or exists (select from pg_catalog.pg_type as t where t.typnamespace = n.oid and t.typrelid = 0 and t.typcategory <> 'A')
		    or exists (select from pg_catalog.pg_extension as e where e.extnamespace = n.oid)
		    or exists (select from pg_catalog.pg_operator as o where o.oprnamespace = n.oid)
		  )
		order by n.nspname`)
	if err != nil {
		return nil, fmt.Errorf("list schemas: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list schemas: %w", err)
	}
	return names, nil
}

// RefusedError says why a database may not be rebuilt.
type RefusedError struct {
	Database string
	// Kind is the marker's kind, "" for an unmarked database.
	Kind string
	// Contents are the schemas of an unmarked, non-empty database.
	Contents []string
}

func (e *RefusedError) Error() string {
	if e.Kind == Production {
		return fmt.Sprintf("refusing to rebuild database %q: it is marked production (thick.marker). "+
			"A rebuild drops the project's schemas and is for development databases only; no flag overrides this.", e.Database)
	}
	return fmt.Sprintf("refusing to rebuild database %q: it is not empty (schemas: %s) and carries no thick marker, "+
		"so thick did not create it for development. If it really is a development database, run again with "+
		"--force-unmarked: that marks it development and rebuilds it, dropping the project's schemas.",
		e.Database, strings.Join(e.Contents, ", "))
}

// Guard decides, inside the build's transaction, whether the database may be
// rebuilt. It returns the marker, writing a development marker first into an
// empty unmarked database or, when force is set, into any unmarked one. It
// returns a *RefusedError for a production database and for an unmarked
// non-empty one without force.
func Guard(ctx context.Context, db DBTX, force bool) (*Marker, error) {
	m, err := Read(ctx, db)
	if err != nil {
		return nil, err
	}
	if m != nil && m.Kind == Development {
		return m, nil
	}
	var name string
	if err := db.QueryRow(ctx, `select pg_catalog.current_database()`).Scan(&name); err != nil {
		return nil, fmt.Errorf("guard: %w", err)
	}
	if m != nil {
		return nil, &RefusedError{Database: name, Kind: m.Kind}
	}
	contents, err := Contents(ctx, db)
	if err != nil {
		return nil, err
	}
	if len(contents) > 0 && !force {
		return nil, &RefusedError{Database: name, Contents: contents}
	}
	if err := Set(ctx, db, Development); err != nil {
		return nil, err
	}
	return Read(ctx, db)
}
