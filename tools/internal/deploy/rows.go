package deploy

import (
	"context"
	"fmt"
	"maps"
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
	// not; NullOnly those compared when null only (they reference a column
	// left out: tenant_id, a parent's uuid).
	Columns, NullOnly map[string][]string
	// Rows are the tables holding rows, each a JSON array text.
	Rows map[string]string
	// Skipped are, for the tables holding rows, the columns left out of
	// the comparison, each with why ("id (identity)", "on (default
	// CURRENT_DATE)", "parent_id (references crm.parents.id)"): a value a
	// file gives such a column itself is not checked.
	Skipped map[string][]string
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
// A column of $2 (one referencing a column left out) is compared when it
// is null only: a global rule's tenant_id null is the same in every build, a
// reference to a row by its random uuid is not.
const projection = `(select coalesce(pg_catalog.jsonb_object_agg(e.key, e.value), '{}') from pg_catalog.jsonb_each(pg_catalog.to_jsonb(t)) as e where e.key = any ($1::text[]) or (e.key = any ($2::text[]) and e.value = 'null'::jsonb))`

// BuildFileRows builds p's data folders into the empty database at url
// and reads the rows they inserted. With like nil, on the comparable
// columns of this build; otherwise (a previous release read as the new one
// is) on like's, for the tables both have.
func BuildFileRows(ctx context.Context, url string, p *project.Project, like *FileRows) (*FileRows, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("build the data files: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := build.Rebuild(ctx, conn, p, build.Options{Folders: DataFolders}); err != nil {
		return nil, fmt.Errorf("build the data files: %w", err)
	}
	own, nullOnly, skipped, refWhy, err := comparableColumns(ctx, conn)
	if err != nil {
		return nil, err
	}
	out := &FileRows{Columns: own, NullOnly: nullOnly, Rows: map[string]string{}, Skipped: map[string][]string{}}
	if like == nil {
		like = out
	}
	for table, cols := range like.Columns {
		if _, ok := own[table]; !ok {
			continue
		}
		var rows string
		var n int
		err := conn.QueryRow(ctx, `select coalesce(pg_catalog.jsonb_agg(r), '[]')::text, count(*) from (select `+projection+` as r from `+table+` as t) as rows`,
			cols, like.NullOnly[table]).Scan(&rows, &n)
		if err != nil {
			return nil, fmt.Errorf("read the rows of %s: %w", table, err)
		}
		if n == 0 {
			continue
		}
		out.Rows[table] = rows
		out.Skipped[table] = skipped[table]
		// a referencing column is left out where a row gives it a value
		for _, c := range nullOnly[table] {
			var given bool
			err := conn.QueryRow(ctx, `select exists (select from `+table+` as t where t.`+pgx.Identifier{c}.Sanitize()+` is not null)`).Scan(&given)
			if err != nil {
				return nil, fmt.Errorf("read the rows of %s: %w", table, err)
			}
			if given {
				out.Skipped[table] = append(out.Skipped[table], c+" ("+refWhy[table+"."+c]+")")
			}
		}
		if len(out.Skipped[table]) == 0 {
			delete(out.Skipped, table)
		}
	}
	return out, nil
}

// comparableColumns lists the comparable columns of every table of the
// database's data schemas (those of the build's marker), and, apart, the
// columns left out with why: identity and generated columns, those whose
// default differs from build to build, and those referencing (a foreign
// key, at any depth) a column left out, whose values differ as much.
func comparableColumns(ctx context.Context, conn *pgx.Conn) (cols, nullOnly, skipped map[string][]string, refWhy map[string]string, err error) {
	r, err := conn.Query(ctx, `
		select pg_catalog.format('%I.%I', n.nspname, c.relname), a.attname::text,
		       case when a.attidentity <> '' then 'identity'
		            when a.attgenerated <> '' then 'generated'
		            when coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') ~* $1
		            then 'default ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid)
		            else '' end
		from pg_catalog.pg_class as c
		join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
		join pg_catalog.pg_attribute as a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
		left join pg_catalog.pg_attrdef as d on d.adrelid = c.oid and d.adnum = a.attnum
		where c.relkind in ('r', 'p') and not c.relispartition
		  and n.nspname in (select pg_catalog.unnest(m.schemas) from thick.marker as m)
		order by 1, a.attnum`, volatileDefault)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("read the tables: %w", err)
	}
	type column struct{ table, name, why string }
	var all []column
	var c column
	if _, err := pgx.ForEachRow(r, []any{&c.table, &c.name, &c.why}, func() error {
		all = append(all, c)
		return nil
	}); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("read the tables: %w", err)
	}
	r, err = conn.Query(ctx, `
		select pg_catalog.format('%I.%I', n.nspname, c.relname), a.attname::text,
		       pg_catalog.format('%I.%I', rn.nspname, rc.relname), ra.attname::text
		from pg_catalog.pg_constraint as k
		join pg_catalog.pg_class as c on c.oid = k.conrelid
		join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
		join pg_catalog.pg_class as rc on rc.oid = k.confrelid
		join pg_catalog.pg_namespace as rn on rn.oid = rc.relnamespace
		cross join lateral rows from (pg_catalog.unnest(k.conkey), pg_catalog.unnest(k.confkey)) as pair (col, refcol)
		join pg_catalog.pg_attribute as a on a.attrelid = k.conrelid and a.attnum = pair.col
		join pg_catalog.pg_attribute as ra on ra.attrelid = k.confrelid and ra.attnum = pair.refcol
		where k.contype = 'f'
		  and n.nspname in (select pg_catalog.unnest(m.schemas) from thick.marker as m)`)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("read the foreign keys: %w", err)
	}
	refs := map[[2]string][][2]string{}
	var from, to [2]string
	if _, err := pgx.ForEachRow(r, []any{&from[0], &from[1], &to[0], &to[1]}, func() error {
		refs[from] = append(refs[from], to)
		return nil
	}); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("read the foreign keys: %w", err)
	}
	why := map[[2]string]string{}
	for _, c := range all {
		if c.why != "" {
			why[[2]string{c.table, c.name}] = c.why
		}
	}
	// a column referencing one left out is left out, to a fixed point
	for changed := true; changed; {
		changed = false
		for col, targets := range refs {
			if why[col] != "" {
				continue
			}
			for _, t := range targets {
				if why[t] != "" {
					why[col] = "references " + t[0] + "." + t[1]
					changed = true
					break
				}
			}
		}
	}
	cols, nullOnly, skipped, refWhy = map[string][]string{}, map[string][]string{}, map[string][]string{}, map[string]string{}
	for _, c := range all {
		if _, ok := cols[c.table]; !ok {
			cols[c.table] = []string{}
		}
		switch w := why[[2]string{c.table, c.name}]; {
		case w == "":
			cols[c.table] = append(cols[c.table], c.name)
		case c.why == "": // left out for what it references
			nullOnly[c.table] = append(nullOnly[c.table], c.name)
			refWhy[c.table+"."+c.name] = w
		default:
			skipped[c.table] = append(skipped[c.table], c.name+" ("+w+")")
		}
	}
	return cols, nullOnly, skipped, refWhy, nil
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
	for _, table := range slices.Sorted(maps.Keys(tables)) {
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
			from (select r from pg_catalog.jsonb_array_elements($3::jsonb) as r
			      except
			      select `+projection+` from `+table+` as t) as missing
			union all
			select stale.r::text, true
			from ((select r from pg_catalog.jsonb_array_elements($4::jsonb) as r
			       except
			       select r from pg_catalog.jsonb_array_elements($3::jsonb) as r)
			      intersect
			      select `+projection+` from `+table+` as t) as stale
			order by 2, 1`, want.Columns[table], want.NullOnly[table], newRows, oldRows)
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
