package deploy

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/catalog"
	"thick/tools/internal/project"
)

// DataFolders are the folders whose files make the data schemas: their
// tables and the rows some of them insert (rules, instruments, vaccines).
var DataFolders = []string{"0_tables", "1_junctions"}

// FileRows are the rows the data files of a release insert, per table
// (schema.name, quoted as needed), each row a JSON object of the table's
// comparable columns: every column but identity and generated columns and
// those whose default differs from build to build (a uuid, a timestamp, a
// sequence), which no two builds share.
type FileRows struct {
	// Columns are the comparable columns of each table of the build, rows or
	// not.
	Columns map[string][]string
	// Rows are the tables holding rows, each a JSON array text.
	Rows map[string]string
}

// RowDifference is a row the files and a migrated database disagree on.
type RowDifference struct {
	Table string
	// Row is the row as a JSON object of the comparable columns.
	Row string
	// Stale is true for a row the previous release's files inserted, the
	// new files no longer do and the database still holds; false for a row
	// the new files insert and the database lacks.
	Stale bool
}

func (d RowDifference) String() string {
	if d.Stale {
		return fmt.Sprintf("%s: the files no longer insert %s, the migrated database still holds it", d.Table, d.Row)
	}
	return fmt.Sprintf("%s: the files insert %s, the migrated database does not hold it", d.Table, d.Row)
}

// volatileDefault matches a column default no two builds share.
const volatileDefault = `(nextval|gen_random_uuid|uuid_generate_\w+|now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|random)\s*\(|\mcurrent_(timestamp|date|time)\M|\mlocal(timestamp|time)\M`

// projection is the SQL of a row t as a JSON object of the columns $1.
const projection = `(select coalesce(pg_catalog.jsonb_object_agg(e.key, e.value), '{}') from pg_catalog.jsonb_each(pg_catalog.to_jsonb(t)) as e where e.key = any ($1::text[]))`

// BuildFileRows builds p's data folders into the empty database at url
// and reads the rows they inserted. With columns nil, the comparable
// columns are the build's own; otherwise (a previous release read for the
// columns of the new one) those given, for the tables both have.
func BuildFileRows(ctx context.Context, url string, p *project.Project, columns map[string][]string) (*FileRows, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("build the data files: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := build.Rebuild(ctx, conn, p, build.Options{Folders: DataFolders}); err != nil {
		return nil, fmt.Errorf("build the data files: %w", err)
	}
	own, err := comparableColumns(ctx, conn)
	if err != nil {
		return nil, err
	}
	if columns == nil {
		columns = own
	}
	out := &FileRows{Columns: own, Rows: map[string]string{}}
	for table, cols := range columns {
		if _, ok := own[table]; !ok {
			continue
		}
		var rows string
		var n int
		err := conn.QueryRow(ctx, `select coalesce(pg_catalog.jsonb_agg(r), '[]')::text, count(*) from (select `+projection+` as r from `+table+` as t) as rows`, cols).Scan(&rows, &n)
		if err != nil {
			return nil, fmt.Errorf("read the rows of %s: %w", table, err)
		}
		if n > 0 {
			out.Rows[table] = rows
		}
	}
	return out, nil
}

// comparableColumns lists the comparable columns of every table of the
// database's data schemas (those of the build's marker).
func comparableColumns(ctx context.Context, conn *pgx.Conn) (map[string][]string, error) {
	r, err := conn.Query(ctx, `
		select pg_catalog.format('%I.%I', n.nspname, c.relname),
		       coalesce(pg_catalog.array_agg(a.attname::text order by a.attnum) filter (
		           where a.attidentity = '' and a.attgenerated = ''
		             and coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') !~* $1), '{}')
		from pg_catalog.pg_class as c
		join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
		join pg_catalog.pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
		left join pg_catalog.pg_attrdef as d on d.adrelid = c.oid and d.adnum = a.attnum
		where c.relkind in ('r', 'p') and not c.relispartition
		  and n.nspname in (select pg_catalog.unnest(m.schemas) from thick.marker as m)
		group by n.nspname, c.relname`, volatileDefault)
	if err != nil {
		return nil, fmt.Errorf("read the tables: %w", err)
	}
	out := map[string][]string{}
	var table string
	var cols []string
	_, err = pgx.ForEachRow(r, []any{&table, &cols}, func() error {
		out[table] = slices.Clone(cols)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the tables: %w", err)
	}
	return out, nil
}

// CompareRows reports, sorted by table, every row the new files insert
// (want) that the database db lacks, and every row the previous release's
// files inserted (was, read on want's columns; nil: none) that the new
// files no longer insert and db still holds: what a migration forgot to
// bring to what the files say. Rows added since (a tenant's own rules, the
// seed's) are none of its business. A table db lacks is left to the
// catalog's comparison.
func CompareRows(ctx context.Context, db catalog.DBTX, want, was *FileRows) ([]RowDifference, error) {
	tables := map[string]bool{}
	for t := range want.Rows {
		tables[t] = true
	}
	if was != nil {
		for t := range was.Rows {
			if _, ok := want.Columns[t]; ok {
				tables[t] = true
			}
		}
	}
	var out []RowDifference
	for _, table := range slices.Sorted(func(yield func(string) bool) {
		for t := range tables {
			if !yield(t) {
				return
			}
		}
	}) {
		var exists bool
		if err := db.QueryRow(ctx, `select pg_catalog.to_regclass($1) is not null`, table).Scan(&exists); err != nil {
			return nil, err
		}
		if !exists {
			continue
		}
		newRows, oldRows := want.Rows[table], "[]"
		if newRows == "" {
			newRows = "[]"
		}
		if was != nil && was.Rows[table] != "" {
			oldRows = was.Rows[table]
		}
		r, err := db.Query(ctx, `
			select missing.r::text, false
			from (select r from pg_catalog.jsonb_array_elements($2::jsonb) as r
			      except
			      select `+projection+` from `+table+` as t) as missing
			union all
			select stale.r::text, true
			from ((select r from pg_catalog.jsonb_array_elements($3::jsonb) as r
			       except
			       select r from pg_catalog.jsonb_array_elements($2::jsonb) as r)
			      intersect
			      select `+projection+` from `+table+` as t) as stale
			order by 2, 1`, want.Columns[table], newRows, oldRows)
		if err != nil {
			return nil, fmt.Errorf("compare the rows of %s: %w", table, err)
		}
		var row string
		var stale bool
		_, err = pgx.ForEachRow(r, []any{&row, &stale}, func() error {
			out = append(out, RowDifference{Table: table, Row: row, Stale: stale})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("compare the rows of %s: %w", table, err)
		}
	}
	return out, nil
}
