// Package catalog reads a live database's objects from the system catalogs,
// one object at a time, each as a deterministic text: its definition as
// PostgreSQL stores or deparses it, then its owner, comment and privileges.
// Two databases built from the same files read the same, byte for byte, so
// the objects can be compared (Diff) and written one file per object (Dump).
//
// What is read: schemas, extensions, tables (columns, defaults, constraints,
// row level security switches, rules), indexes (an invalid one says so),
// sequences, types and domains, views, materialized views, functions and
// procedures with their signatures, triggers (with their enabled state),
// policies, default privileges and the database's pg_cron jobs. Objects of the system schemas, of thick's own
// schema and members of extensions are left out. The role that reads is
// written current_user wherever it appears as an owner or grantee, so that a
// database built by one role compares equal to a fresh build by another.
package catalog

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DBTX is a connection or a transaction.
type DBTX interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Key names an object: its schema ("cron" for pg_cron jobs, "-" for what
// belongs to no schema), its kind and its name within the schema (with the
// signature for routines, "table.name" for triggers and policies).
type Key struct {
	Schema, Kind, Name string
}

// Path is the object's file in a dump: schema/kind/name.sql. Distinct keys
// have distinct paths (safe is injective, and the kinds are this package's
// own words, none with an underscore), and every path is local: three plain
// components that never are "." or "..".
func (k Key) Path() string {
	return safe(k.Schema) + "/" + safe(strings.ReplaceAll(k.Kind, " ", "_")) + "/" + safe(k.Name) + ".sql"
}

func (k Key) String() string { return k.Kind + " " + k.Schema + "." + k.Name }

// safe makes a name one file name, usable on every system git runs on, and
// distinct for distinct names, also where file names ignore case: lowercase
// letters, digits, '_' and the characters of signatures and trigger names
// ('.', ',', '(', ')', '[', ']', '-', ' ') stay; every other byte, '%'
// itself, an uppercase letter, a leading '.' (so never "." or ".." or a
// hidden file) and a trailing '.' or ' ' (which Windows drops) is written
// %XX, its hexadecimal value in uppercase.
func safe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		plain := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("_.,()[]- ", c) >= 0
		if c == '.' && i == 0 || (c == '.' || c == ' ') && i == len(s)-1 {
			plain = false
		}
		if plain {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	if b.Len() == 0 {
		return "%" // the empty name; no other name gives a lone '%'
	}
	return b.String()
}

// Object is one object of the catalog.
type Object struct {
	Key
	// Def is the definition, then owner, comment and privileges, one
	// statement after the other, ending with a newline.
	Def string
	// Files are the files of the build that created, altered, granted,
	// commented or scheduled it, the creating file first (empty when the
	// database carries no object map).
	Files []string

	classid, objid uint32
}

// Catalog is a database's objects by key.
type Catalog struct {
	Objects map[Key]*Object
}

// Keys returns the keys in a stable order.
func (c *Catalog) Keys() []Key {
	keys := make([]Key, 0, len(c.Objects))
	for k := range c.Objects {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if pi, pj := keys[i].Path(), keys[j].Path(); pi != pj {
			return pi < pj
		}
		return keys[i].String() < keys[j].String()
	})
	return keys
}

// Read reads the catalog of the database db is connected to.
func Read(ctx context.Context, db DBTX) (*Catalog, error) {
	c := &Catalog{Objects: map[Key]*Object{}}
	for _, q := range queries {
		if err := c.read(ctx, db, q); err != nil {
			return nil, err
		}
	}
	if err := c.readCron(ctx, db); err != nil {
		return nil, err
	}
	if err := c.attribute(ctx, db); err != nil {
		return nil, err
	}
	return c, nil
}

// query is one kind's query; each row is (schema, kind, name, def, classid,
// objid), def already complete.
type query struct {
	kind string
	sql  string
}

func (c *Catalog) read(ctx context.Context, db DBTX, q query) error {
	rows, err := db.Query(ctx, prelude+q.sql)
	if err != nil {
		return fmt.Errorf("catalog: read %ss: %w", q.kind, err)
	}
	defer rows.Close()
	for rows.Next() {
		var o Object
		if err := rows.Scan(&o.Schema, &o.Kind, &o.Name, &o.Def, &o.classid, &o.objid); err != nil {
			return fmt.Errorf("catalog: read %ss: %w", q.kind, err)
		}
		if !strings.HasSuffix(o.Def, "\n") {
			o.Def += "\n"
		}
		if prev, dup := c.Objects[o.Key]; dup {
			// Same name, kinds that share a path (never for valid catalogs):
			// keep both definitions rather than lose one.
			prev.Def += "\n" + o.Def
			continue
		}
		obj := o
		c.Objects[o.Key] = &obj
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read %ss: %w", q.kind, err)
	}
	return nil
}

func (c *Catalog) readCron(ctx context.Context, db DBTX) error {
	var has bool
	if err := db.QueryRow(ctx, `select pg_catalog.to_regclass('cron.job') is not null
		and pg_catalog.has_table_privilege('cron.job', 'select')`).Scan(&has); err != nil {
		return fmt.Errorf("catalog: pg_cron: %w", err)
	}
	if !has {
		return nil
	}
	rows, err := db.Query(ctx, `
		select coalesce(j.jobname, '#' || pg_catalog.md5(j.schedule || ' ' || j.command)),
		       pg_catalog.format('select cron.schedule(%L, %L, %L);', j.jobname, j.schedule, j.command)
		       || case when j.active then '' else e'\nupdate cron.job set active = false where jobname = ' || pg_catalog.quote_literal(j.jobname) || ';' end
		from cron.job as j
		where j.database = pg_catalog.current_database()`)
	if err != nil {
		return fmt.Errorf("catalog: pg_cron jobs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o Object
		if err := rows.Scan(&o.Name, &o.Def); err != nil {
			return fmt.Errorf("catalog: pg_cron jobs: %w", err)
		}
		o.Schema, o.Kind, o.Def = "cron", "job", o.Def+"\n"
		obj := o
		c.Objects[o.Key] = &obj
	}
	return rows.Err()
}

// attribute fills Files from the object map the build kept (thick.build_*),
// when there is one.
func (c *Catalog) attribute(ctx context.Context, db DBTX) error {
	var has bool
	if err := db.QueryRow(ctx, `select pg_catalog.to_regclass('thick.build_objects') is not null`).Scan(&has); err != nil {
		return fmt.Errorf("catalog: object map: %w", err)
	}
	if !has {
		return nil
	}
	// Sub-objects are folded into their object: a column or constraint into
	// its table, an attribute default into its table.
	rows, err := db.Query(ctx, `
		with ev as (
		  select o.seq, o.file, o.command_tag like 'CREATE %' as creates,
		         case o.classid
		           when 'pg_catalog.pg_constraint'::pg_catalog.regclass then 'pg_catalog.pg_class'::pg_catalog.regclass::oid
		           when 'pg_catalog.pg_attrdef'::pg_catalog.regclass then 'pg_catalog.pg_class'::pg_catalog.regclass::oid
		           else o.classid end as classid,
		         case o.classid
		           when 'pg_catalog.pg_constraint'::pg_catalog.regclass then
		             (select case when k.conrelid <> 0 then k.conrelid else k.contypid end from pg_catalog.pg_constraint as k where k.oid = o.objid)
		           when 'pg_catalog.pg_attrdef'::pg_catalog.regclass then
		             (select d.adrelid from pg_catalog.pg_attrdef as d where d.oid = o.objid)
		           else o.objid end as objid
		  from thick.build_objects as o
		  union all
		  select a.seq + 1000000000000, a.file, false, a.classid, a.objid from thick.build_acl as a
		)
		select ev.classid, ev.objid, ev.file, pg_catalog.bool_or(ev.creates), pg_catalog.min(ev.seq)
		from ev
		where ev.objid is not null
		group by 1, 2, 3
		order by 1, 2, 4 desc, 5`)
	if err != nil {
		return fmt.Errorf("catalog: object map: %w", err)
	}
	type oid2 struct{ c, o uint32 }
	files := map[oid2][]string{}
	for rows.Next() {
		var k oid2
		var f string
		var creates bool
		var seq int64
		if err := rows.Scan(&k.c, &k.o, &f, &creates, &seq); err != nil {
			rows.Close()
			return fmt.Errorf("catalog: object map: %w", err)
		}
		files[k] = append(files[k], f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: object map: %w", err)
	}
	for _, o := range c.Objects {
		if o.objid != 0 {
			o.Files = files[oid2{o.classid, o.objid}]
		}
	}
	// pg_cron jobs by name.
	crows, err := db.Query(ctx, `select jobname, file from thick.build_cron order by jobname, file`)
	if err != nil {
		return fmt.Errorf("catalog: object map: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var name, f string
		if err := crows.Scan(&name, &f); err != nil {
			return fmt.Errorf("catalog: object map: %w", err)
		}
		if o := c.Objects[Key{"cron", "job", name}]; o != nil && !slices.Contains(o.Files, f) {
			o.Files = append(o.Files, f)
		}
	}
	return crows.Err()
}

// prelude defines, as CTEs shared by every query, the schemas and objects
// read and the helpers that render owners, comments and privileges.
const prelude = `
with nsp as (
  select n.oid, n.nspname
  from pg_catalog.pg_namespace as n
  where n.nspname not in ('pg_catalog', 'information_schema', 'thick')
    and n.nspname !~ '^pg_'
    and not exists (select from pg_catalog.pg_depend as d
                    where d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass and d.objid = n.oid and d.deptype = 'e')
),
ext_member as (
  select d.classid, d.objid from pg_catalog.pg_depend as d where d.deptype = 'e'
)
`

// Shared SQL fragments (used through fmt) rendering, for an object of a
// catalog with owner column %[1]s, acl %[2]s, acldefault kind %[3]s, the
// owner, comment and grant lines.
func role(expr string) string {
	return `case when ` + expr + ` = current_user then 'current_user' else pg_catalog.quote_ident(` + expr + `) end`
}

// acl renders the effective privileges (acldefault when none were granted)
// as sorted grant lines on target (an SQL text expression).
func acl(aclExpr, kind, ownerExpr, target string, col string) string {
	colPart := "''"
	if col != "" {
		colPart = `' (' || ` + col + ` || ')'`
	}
	return `coalesce((
	  select pg_catalog.string_agg(g.line, e'\n' order by g.line)
	  from (
	    select pg_catalog.format('grant %s%s on ` + kind + ` %s to %s%s;',
	             pg_catalog.lower(x.privilege_type), ` + colPart + `, ` + target + `,
	             case when x.grantee = 0 then 'public' else ` + role(`(select r.rolname from pg_catalog.pg_roles as r where r.oid = x.grantee)`) + ` end,
	             case when x.is_grantable then ' with grant option' else '' end) as line
	    from pg_catalog.aclexplode(` + aclExpr + `) as x
	  ) as g), '')`
}

func owner(kind, target, ownerExpr string) string {
	return `pg_catalog.format('alter ` + kind + ` %s owner to %s;', ` + target + `, ` + role(`pg_catalog.pg_get_userbyid(`+ownerExpr+`)`) + `)`
}

func comment(kind, target, classid, objid, subid string) string {
	return `coalesce((select pg_catalog.format('comment on ` + kind + ` %s is %L;', ` + target + `, d.description)
	  from pg_catalog.pg_description as d
	  where d.classoid = ` + classid + ` and d.objoid = ` + objid + ` and d.objsubid = ` + subid + `), '')`
}

// lines joins non-empty SQL text expressions with newlines.
func lines(exprs ...string) string {
	return `pg_catalog.array_to_string(array_remove(array[` + strings.Join(exprs, ", ") + `], ''), e'\n')`
}

var queries = []query{
	{"schema", `
select n.nspname, 'schema', n.nspname,
  ` + lines(
		`pg_catalog.format('create schema %I;', n.nspname)`,
		owner("schema", `pg_catalog.quote_ident(n.nspname)`, `s.nspowner`),
		comment("schema", `pg_catalog.quote_ident(n.nspname)`, `'pg_catalog.pg_namespace'::pg_catalog.regclass`, `n.oid`, `0`),
		acl(`coalesce(s.nspacl, pg_catalog.acldefault('n', s.nspowner))`, "schema", "s.nspowner", `pg_catalog.quote_ident(n.nspname)`, ""),
	) + `,
  'pg_catalog.pg_namespace'::pg_catalog.regclass::oid, n.oid
from nsp as n
join pg_catalog.pg_namespace as s on s.oid = n.oid`},

	{"extension", `
select n.nspname, 'extension', e.extname,
  pg_catalog.format('create extension %I with schema %I version %L;', e.extname, n.nspname, e.extversion),
  'pg_catalog.pg_extension'::pg_catalog.regclass::oid, e.oid
from pg_catalog.pg_extension as e
join pg_catalog.pg_namespace as n on n.oid = e.extnamespace
where e.extname <> 'plpgsql'`},

	{"table", `
select n.nspname, case c.relkind when 'p' then 'table' when 'f' then 'foreign table' else 'table' end, c.relname,
  ` + lines(
		`pg_catalog.format(e'create %stable %s (\n%s\n)%s;',
		  case c.relpersistence when 'u' then 'unlogged ' else '' end,
		  c.oid::pg_catalog.regclass,
		  coalesce((select pg_catalog.string_agg(pg_catalog.format('  %I %s%s%s%s%s',
		      a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
		      case when a.attcollation <> t.typcollation then ' collate ' || a.attcollation::pg_catalog.regcollation::text else '' end,
		      case a.attidentity when 'a' then ' generated always as identity' when 'd' then ' generated by default as identity' else '' end,
		      case when a.attgenerated = 's' then ' generated always as (' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) || ') stored'
		           when ad.adbin is not null then ' default ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) else '' end,
		      case when a.attnotnull then ' not null' else '' end), e',\n' order by a.attnum)
		    from pg_catalog.pg_attribute as a
		    join pg_catalog.pg_type as t on t.oid = a.atttypid
		    left join pg_catalog.pg_attrdef as ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
		    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), ''),
		  case when c.relkind = 'p' then ' partition by ' || pg_catalog.pg_get_partkeydef(c.oid) else '' end
		  || case when c.reloptions is not null then ' with (' || pg_catalog.array_to_string(c.reloptions, ', ') || ')' else '' end)`,
		`coalesce((select pg_catalog.string_agg(pg_catalog.format('alter table %s add constraint %I %s;', c.oid::pg_catalog.regclass, k.conname, pg_catalog.pg_get_constraintdef(k.oid))
		    || case when d.description is not null then pg_catalog.format(e'\ncomment on constraint %I on %s is %L;', k.conname, c.oid::pg_catalog.regclass, d.description) else '' end,
		    e'\n' order by k.conname)
		  from pg_catalog.pg_constraint as k
		  left join pg_catalog.pg_description as d on d.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass and d.objoid = k.oid and d.objsubid = 0
		  where k.conrelid = c.oid), '')`,
		`case when c.relrowsecurity then pg_catalog.format('alter table %s enable row level security;', c.oid::pg_catalog.regclass) else '' end`,
		`case when c.relforcerowsecurity then pg_catalog.format('alter table %s force row level security;', c.oid::pg_catalog.regclass) else '' end`,
		`case when c.relreplident <> 'd' then pg_catalog.format('alter table %s replica identity %s;', c.oid::pg_catalog.regclass, c.relreplident) else '' end`,
		`coalesce((select pg_catalog.string_agg(pg_catalog.rtrim(pg_catalog.pg_get_ruledef(r.oid), ';') || ';'
		    || case r.ev_enabled when 'D' then e'\n' || pg_catalog.format('alter table %s disable rule %I;', c.oid::pg_catalog.regclass, r.rulename)
		                         when 'R' then e'\n' || pg_catalog.format('alter table %s enable replica rule %I;', c.oid::pg_catalog.regclass, r.rulename)
		                         when 'A' then e'\n' || pg_catalog.format('alter table %s enable always rule %I;', c.oid::pg_catalog.regclass, r.rulename)
		                         else '' end,
		    e'\n' order by r.rulename)
		  from pg_catalog.pg_rewrite as r where r.ev_class = c.oid and r.rulename <> '_RETURN'), '')`,
		owner("table", `c.oid::pg_catalog.regclass::text`, `c.relowner`),
		comment("table", `c.oid::pg_catalog.regclass::text`, `'pg_catalog.pg_class'::pg_catalog.regclass`, `c.oid`, `0`),
		`coalesce((select pg_catalog.string_agg(pg_catalog.format('comment on column %s.%I is %L;', c.oid::pg_catalog.regclass, a.attname, d.description), e'\n' order by a.attnum)
		  from pg_catalog.pg_attribute as a
		  join pg_catalog.pg_description as d on d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objoid = c.oid and d.objsubid = a.attnum
		  where a.attrelid = c.oid and not a.attisdropped), '')`,
		acl(`coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))`, "table", "c.relowner", `c.oid::pg_catalog.regclass::text`, ""),
		`coalesce((select pg_catalog.string_agg(`+acl(`a.attacl`, "table", "c.relowner", `c.oid::pg_catalog.regclass::text`, `pg_catalog.quote_ident(a.attname)`)+`, e'\n' order by a.attnum)
		  from pg_catalog.pg_attribute as a
		  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attacl is not null), '')`,
	) + `,
  'pg_catalog.pg_class'::pg_catalog.regclass::oid, c.oid
from pg_catalog.pg_class as c
join nsp as n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'f')
  and not c.relispartition
  and not exists (select from ext_member as e where e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and e.objid = c.oid)`},

	{"index", `
select n.nspname, 'index', c.relname,
  ` + lines(
		`pg_catalog.pg_get_indexdef(c.oid) || ';'`,
		`case when not i.indisvalid or not i.indisready then '-- invalid: not usable by queries (a failed create index concurrently?); drop and create it again' else '' end`,
		`case when i.indisclustered then pg_catalog.format('alter table %s cluster on %I;', i.indrelid::pg_catalog.regclass, c.relname) else '' end`,
		comment("index", `c.oid::pg_catalog.regclass::text`, `'pg_catalog.pg_class'::pg_catalog.regclass`, `c.oid`, `0`),
	) + `,
  'pg_catalog.pg_class'::pg_catalog.regclass::oid, c.oid
from pg_catalog.pg_class as c
join pg_catalog.pg_index as i on i.indexrelid = c.oid
join nsp as n on n.oid = c.relnamespace
where c.relkind in ('i', 'I')
  and not exists (select from ext_member as e where e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and e.objid = i.indrelid)`},

	{"sequence", `
select n.nspname, 'sequence', c.relname,
  ` + lines(
		`pg_catalog.format('create sequence %s as %s increment by %s minvalue %s maxvalue %s start with %s cache %s%s;',
		  c.oid::pg_catalog.regclass, s.seqtypid::pg_catalog.regtype, s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache,
		  case when s.seqcycle then ' cycle' else '' end)`,
		`coalesce((select pg_catalog.format('alter sequence %s owned by %s.%I;', c.oid::pg_catalog.regclass, d.refobjid::pg_catalog.regclass, a.attname)
		  from pg_catalog.pg_depend as d
		  join pg_catalog.pg_attribute as a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
		  where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid and d.deptype = 'a'
		    and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass), '')`,
		owner("sequence", `c.oid::pg_catalog.regclass::text`, `c.relowner`),
		comment("sequence", `c.oid::pg_catalog.regclass::text`, `'pg_catalog.pg_class'::pg_catalog.regclass`, `c.oid`, `0`),
		acl(`coalesce(c.relacl, pg_catalog.acldefault('s', c.relowner))`, "sequence", "c.relowner", `c.oid::pg_catalog.regclass::text`, ""),
	) + `,
  'pg_catalog.pg_class'::pg_catalog.regclass::oid, c.oid
from pg_catalog.pg_class as c
join pg_catalog.pg_sequence as s on s.seqrelid = c.oid
join nsp as n on n.oid = c.relnamespace
where c.relkind = 'S'
  and not exists (select from pg_catalog.pg_depend as d
                  where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid and d.deptype = 'i')
  and not exists (select from ext_member as e where e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and e.objid = c.oid)`},

	{"view", `
select n.nspname, case c.relkind when 'm' then 'materialized view' else 'view' end, c.relname,
  ` + lines(
		`pg_catalog.format(e'create %s %s%s as\n%s',
		  case c.relkind when 'm' then 'materialized view' else 'view' end,
		  c.oid::pg_catalog.regclass,
		  case when c.reloptions is not null then ' with (' || pg_catalog.array_to_string(c.reloptions, ', ') || ')' else '' end,
		  pg_catalog.rtrim(pg_catalog.pg_get_viewdef(c.oid), e' \n;') || ';')`,
		owner("table", `c.oid::pg_catalog.regclass::text`, `c.relowner`),
		`case c.relkind when 'm' then `+comment("materialized view", `c.oid::pg_catalog.regclass::text`, `'pg_catalog.pg_class'::pg_catalog.regclass`, `c.oid`, `0`)+
			` else `+comment("view", `c.oid::pg_catalog.regclass::text`, `'pg_catalog.pg_class'::pg_catalog.regclass`, `c.oid`, `0`)+` end`,
		`coalesce((select pg_catalog.string_agg(pg_catalog.format('comment on column %s.%I is %L;', c.oid::pg_catalog.regclass, a.attname, d.description), e'\n' order by a.attnum)
		  from pg_catalog.pg_attribute as a
		  join pg_catalog.pg_description as d on d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objoid = c.oid and d.objsubid = a.attnum
		  where a.attrelid = c.oid and not a.attisdropped), '')`,
		`coalesce((select pg_catalog.string_agg(pg_catalog.format('alter view %s alter column %I set default %s;', c.oid::pg_catalog.regclass, a.attname, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)), e'\n' order by a.attnum)
		  from pg_catalog.pg_attribute as a
		  join pg_catalog.pg_attrdef as ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
		  where a.attrelid = c.oid and not a.attisdropped), '')`,
		acl(`coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))`, "table", "c.relowner", `c.oid::pg_catalog.regclass::text`, ""),
		`coalesce((select pg_catalog.string_agg(`+acl(`a.attacl`, "table", "c.relowner", `c.oid::pg_catalog.regclass::text`, `pg_catalog.quote_ident(a.attname)`)+`, e'\n' order by a.attnum)
		  from pg_catalog.pg_attribute as a
		  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attacl is not null), '')`,
		`coalesce((select pg_catalog.string_agg(pg_catalog.pg_get_ruledef(r.oid) || ';', e'\n' order by r.rulename)
		  from pg_catalog.pg_rewrite as r where r.ev_class = c.oid and r.rulename <> '_RETURN'), '')`,
	) + `,
  'pg_catalog.pg_class'::pg_catalog.regclass::oid, c.oid
from pg_catalog.pg_class as c
join nsp as n on n.oid = c.relnamespace
where c.relkind in ('v', 'm')
  and not exists (select from ext_member as e where e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and e.objid = c.oid)`},

	{"function", `
select n.nspname, case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end,
  p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
  ` + lines(
		`case when p.prokind = 'a' then pg_catalog.format('create aggregate %s (%s) (sfunc = %s, stype = %s%s%s);',
		    p.oid::pg_catalog.regprocedure::text, pg_catalog.pg_get_function_identity_arguments(p.oid),
		    g.aggtransfn::pg_catalog.regproc, pg_catalog.format_type(g.aggtranstype, null),
		    case when g.aggfinalfn <> 0 then ', finalfunc = ' || g.aggfinalfn::pg_catalog.regproc::text else '' end,
		    case when g.agginitval is not null then ', initcond = ' || pg_catalog.quote_literal(g.agginitval) else '' end)
		  else pg_catalog.rtrim(pg_catalog.pg_get_functiondef(p.oid), e'\n') || ';' end`,
		owner(`' || case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end || '`, `p.oid::pg_catalog.regprocedure::text`, `p.proowner`),
		`coalesce((select pg_catalog.format('comment on %s %s is %L;', case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end, p.oid::pg_catalog.regprocedure, d.description)
		  from pg_catalog.pg_description as d
		  where d.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass and d.objoid = p.oid and d.objsubid = 0), '')`,
		acl(`coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))`, "routine", "p.proowner", `p.oid::pg_catalog.regprocedure::text`, ""),
	) + `,
  'pg_catalog.pg_proc'::pg_catalog.regclass::oid, p.oid
from pg_catalog.pg_proc as p
join nsp as n on n.oid = p.pronamespace
left join pg_catalog.pg_aggregate as g on g.aggfnoid = p.oid
where not exists (select from ext_member as e where e.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass and e.objid = p.oid)`},

	{"type", `
select n.nspname, case t.typtype when 'd' then 'domain' else 'type' end, t.typname,
  ` + lines(
		`case t.typtype
		   when 'e' then pg_catalog.format('create type %s as enum (%s);', t.oid::pg_catalog.regtype,
		     (select pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', ' order by e.enumsortorder) from pg_catalog.pg_enum as e where e.enumtypid = t.oid))
		   when 'c' then pg_catalog.format(e'create type %s as (\n%s\n);', t.oid::pg_catalog.regtype,
		     (select pg_catalog.string_agg(pg_catalog.format('  %I %s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)), e',\n' order by a.attnum)
		      from pg_catalog.pg_attribute as a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped))
		   when 'd' then pg_catalog.format('create domain %s as %s%s%s%s;', t.oid::pg_catalog.regtype, pg_catalog.format_type(t.typbasetype, t.typtypmod),
		     case when t.typdefault is not null then ' default ' || t.typdefault else '' end,
		     case when t.typnotnull then ' not null' else '' end,
		     coalesce((select pg_catalog.string_agg(pg_catalog.format(' constraint %I %s', k.conname, pg_catalog.pg_get_constraintdef(k.oid)), '' order by k.conname)
		       from pg_catalog.pg_constraint as k where k.contypid = t.oid), ''))
		   else pg_catalog.format('create type %s (typtype %s);', t.oid::pg_catalog.regtype, t.typtype)
		 end`,
		owner(`' || case t.typtype when 'd' then 'domain' else 'type' end || '`, `t.oid::pg_catalog.regtype::text`, `t.typowner`),
		comment("type", `t.oid::pg_catalog.regtype::text`, `'pg_catalog.pg_type'::pg_catalog.regclass`, `t.oid`, `0`),
		acl(`coalesce(t.typacl, pg_catalog.acldefault('T', t.typowner))`, "type", "t.typowner", `t.oid::pg_catalog.regtype::text`, ""),
	) + `,
  'pg_catalog.pg_type'::pg_catalog.regclass::oid, t.oid
from pg_catalog.pg_type as t
join nsp as n on n.oid = t.typnamespace
where (t.typtype in ('e', 'd', 'r', 'm')
       or (t.typtype = 'c' and exists (select from pg_catalog.pg_class as c where c.oid = t.typrelid and c.relkind = 'c')))
  and not exists (select from ext_member as e where e.classid = 'pg_catalog.pg_type'::pg_catalog.regclass and e.objid = t.oid)`},

	{"trigger", `
select n.nspname, 'trigger', c.relname || '.' || g.tgname,
  ` + lines(
		`pg_catalog.pg_get_triggerdef(g.oid) || ';'`,
		`case g.tgenabled
		   when 'D' then pg_catalog.format('alter table %s disable trigger %I;', c.oid::pg_catalog.regclass, g.tgname)
		   when 'R' then pg_catalog.format('alter table %s enable replica trigger %I;', c.oid::pg_catalog.regclass, g.tgname)
		   when 'A' then pg_catalog.format('alter table %s enable always trigger %I;', c.oid::pg_catalog.regclass, g.tgname)
		   else '' end`,
		`coalesce((select pg_catalog.format('comment on trigger %I on %s is %L;', g.tgname, c.oid::pg_catalog.regclass, d.description)
		  from pg_catalog.pg_description as d
		  where d.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass and d.objoid = g.oid and d.objsubid = 0), '')`,
	) + `,
  'pg_catalog.pg_trigger'::pg_catalog.regclass::oid, g.oid
from pg_catalog.pg_trigger as g
join pg_catalog.pg_class as c on c.oid = g.tgrelid
join nsp as n on n.oid = c.relnamespace
where not g.tgisinternal
  and not exists (select from ext_member as e where e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and e.objid = c.oid)`},

	{"policy", `
select n.nspname, 'policy', c.relname || '.' || p.polname,
  ` + lines(
		`pg_catalog.format('create policy %I on %s as %s for %s to %s%s%s;',
		  p.polname, c.oid::pg_catalog.regclass,
		  case when p.polpermissive then 'permissive' else 'restrictive' end,
		  case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete' else 'all' end,
		  (select pg_catalog.string_agg(case when r.oid = 0 then 'public' else `+role(`pg_catalog.pg_get_userbyid(r.oid)`)+` end, ', ' order by case when r.oid = 0 then 'public' else pg_catalog.pg_get_userbyid(r.oid) end)
		   from pg_catalog.unnest(p.polroles) as r(oid)),
		  case when p.polqual is not null then ' using (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')' else '' end,
		  case when p.polwithcheck is not null then ' with check (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')' else '' end)`,
		`coalesce((select pg_catalog.format('comment on policy %I on %s is %L;', p.polname, c.oid::pg_catalog.regclass, d.description)
		  from pg_catalog.pg_description as d
		  where d.classoid = 'pg_catalog.pg_policy'::pg_catalog.regclass and d.objoid = p.oid and d.objsubid = 0), '')`,
	) + `,
  'pg_catalog.pg_policy'::pg_catalog.regclass::oid, p.oid
from pg_catalog.pg_policy as p
join pg_catalog.pg_class as c on c.oid = p.polrelid
join nsp as n on n.oid = c.relnamespace`},

	{"default privilege", `
select coalesce(n.nspname, '-'), 'default privileges',
  case when d.defaclrole = (select r.oid from pg_catalog.pg_roles as r where r.rolname = current_user) then 'current_user' else pg_catalog.pg_get_userbyid(d.defaclrole) end
    || '.' || case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas' else d.defaclobjtype::text end,
  coalesce((select pg_catalog.string_agg(g.line, e'\n' order by g.line)
     from (select pg_catalog.format('alter default privileges%s grant %s on %s to %s%s;',
             case when n.oid is not null then ' in schema ' || pg_catalog.quote_ident(n.nspname) else '' end,
             pg_catalog.lower(x.privilege_type),
             case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas' else d.defaclobjtype::text end,
             case when x.grantee = 0 then 'public' else ` + role(`pg_catalog.pg_get_userbyid(x.grantee)`) + ` end,
             case when x.is_grantable then ' with grant option' else '' end) as line
           from pg_catalog.aclexplode(d.defaclacl) as x) as g), '-- none granted'),
  'pg_catalog.pg_default_acl'::pg_catalog.regclass::oid, d.oid
from pg_catalog.pg_default_acl as d
left join pg_catalog.pg_namespace as n on n.oid = d.defaclnamespace
where n.oid is null or n.oid in (select nsp.oid from nsp)`},
}
