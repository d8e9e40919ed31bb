package replica

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// argFinder picks the arguments of a call from the demo data: for an
// argument <thing>_id, the id of the first row the role sees in the API view
// named after the thing (crm_api.accounts for account_id); else the first
// value the role sees of a column of the same name and type in an API view;
// else the same searches in the application's data schema and core's,
// read as the superuser (a row the role may not see: the call is then
// refused alike on both servers); else a plain value of the type.
type argFinder struct {
	conn      *pgx.Conn
	api, app  string
	columns   []column // every column of the api views and of the data tables
	fromCache map[string]string
}

type column struct {
	schema, rel, name, typ string
	api                    bool
}

func newArgFinder(conn *pgx.Conn, api, app string) *argFinder {
	return &argFinder{conn: conn, api: api, app: app, fromCache: map[string]string{}}
}

func (a *argFinder) load(ctx context.Context) error {
	if a.columns != nil {
		return nil
	}
	rows, err := a.conn.Query(ctx, `
		select n.nspname::text, c.relname::text, att.attname::text, pg_catalog.format_type(att.atttypid, att.atttypmod)
		  from pg_catalog.pg_attribute as att
		  join pg_catalog.pg_class as c on c.oid = att.attrelid
		  join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
		 where n.nspname in ($1, $2, 'core')
		   and c.relkind in ('r', 'p', 'v', 'm')
		   and att.attnum > 0
		   and not att.attisdropped
		 order by n.nspname = $1 desc, n.nspname = $2 desc, c.relname, att.attnum`, a.api, a.app)
	if err != nil {
		return fmt.Errorf("read the columns of %s: %w", a.api, err)
	}
	var c column
	_, err = pgx.ForEachRow(rows, []any{&c.schema, &c.rel, &c.name, &c.typ}, func() error {
		c.api = c.schema == a.api
		a.columns = append(a.columns, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read the columns of %s: %w", a.api, err)
	}
	if a.columns == nil {
		a.columns = []column{}
	}
	return nil
}

// candidates are the columns an argument may take its value from, best
// first, for the API views (api true) or the data tables.
func (a *argFinder) candidates(arg Arg, api bool) []column {
	var byThing, byName []column
	stem, isID := strings.CutSuffix(arg.Name, "_id")
	for _, c := range a.columns {
		if c.api != api || c.typ != arg.Type {
			continue
		}
		if isID && c.name == "id" && namesThing(c.rel, stem) {
			byThing = append(byThing, c)
		} else if c.name == arg.Name {
			byName = append(byName, c)
		}
	}
	return append(byThing, byName...)
}

// alternatives is how many other rows a volatile function's arguments are
// taken from when the first ones stop at a refusal before any write.
const alternatives = 4

// namesThing reports whether a relation is named after a thing:
// account -> accounts, case -> aml_cases, entry -> ledger_entries.
func namesThing(rel, thing string) bool {
	for _, plural := range []string{thing, thing + "s", thing + "es", strings.TrimSuffix(thing, "y") + "ies"} {
		if rel == plural || strings.HasSuffix(rel, "_"+plural) {
			return true
		}
	}
	return false
}

// value finds the argument's value for u: from the k-th row (0 first).
func (a *argFinder) value(ctx context.Context, arg Arg, u user, k int) (string, bool, error) {
	if err := a.load(ctx); err != nil {
		return "", false, err
	}
	for _, api := range []bool{true, false} {
		for _, c := range a.candidates(arg, api) {
			key := fmt.Sprintf("%s|%s.%s.%s|%d", u.role, c.schema, c.rel, c.name, k)
			if !api {
				key = "superuser|" + key[len(u.role)+1:]
			}
			v, ok := a.fromCache[key]
			if !ok {
				var err error
				v, err = a.nth(ctx, c, u, api, k)
				if err != nil {
					return "", false, err
				}
				a.fromCache[key] = v
			}
			if v != "" {
				return v, true, nil
			}
		}
	}
	v, ok := plainValue(arg.Type)
	return v, ok, nil
}

// nth reads the k-th distinct non-null value of column c, as u for an API
// view.
func (a *argFinder) nth(ctx context.Context, c column, u user, asRole bool, k int) (string, error) {
	tx, err := a.conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return "", err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if asRole {
		if _, err := tx.Exec(ctx, `select pg_catalog.set_config('role', $1, true), pg_catalog.set_config('request.jwt.claims', $2, true)`, u.role, u.claims); err != nil {
			return "", err
		}
	}
	q := fmt.Sprintf("select distinct %s::text from %s.%s where %s is not null order by 1 limit 1 offset %d",
		pgx.Identifier{c.name}.Sanitize(), pgx.Identifier{c.schema}.Sanitize(), pgx.Identifier{c.rel}.Sanitize(), pgx.Identifier{c.name}.Sanitize(), k)
	var v string
	switch err := tx.QueryRow(ctx, q).Scan(&v); {
	case err == pgx.ErrNoRows:
		return "", nil
	case err != nil:
		// the role may not read the view: the next candidate
		return "", nil
	}
	return v, nil
}

// plainValue is a value of a type when the demo data has none to offer.
func plainValue(typ string) (string, bool) {
	if strings.HasSuffix(typ, "[]") {
		return "{}", true
	}
	switch typ {
	case "uuid":
		return "00000000-0000-0000-0000-000000000000", true
	case "text", "character varying", "name", "citext":
		return "replica", true
	case "integer", "bigint", "smallint", "numeric", "real", "double precision":
		return "1", true
	case "boolean":
		return "true", true
	case "date":
		return "today", true
	case "timestamp with time zone", "timestamp without time zone":
		return "now", true
	case "interval":
		return "1 day", true
	case "json", "jsonb":
		return "{}", true
	}
	return "", false
}

// build sets the call's SQL and arguments.
func (a *argFinder) build(ctx context.Context, c *Call, u user) error {
	o := c.Object
	if !o.Function {
		c.sql = fmt.Sprintf("select pg_catalog.row_to_json(v)::text from %s as v", qualified(o.Name))
		return nil
	}
	var parts []string
	tries := 1
	if o.Volatility == 'v' && len(o.Args) > 0 {
		tries += alternatives
	}
	for k := range tries {
		var set []any
		differs := false
		for i, arg := range o.Args {
			v, ok, err := a.value(ctx, arg, u, k)
			if err != nil {
				return err
			}
			var val any
			if ok {
				val = v
			}
			set = append(set, val)
			differs = differs || k == 0 || val != c.args[i]
		}
		if k == 0 {
			c.args = set
		} else if differs {
			c.alts = append(c.alts, set)
		}
	}
	for i, arg := range o.Args {
		p := fmt.Sprintf("$%d::%s", i+1, arg.Type)
		if arg.Name != "" {
			p = pgx.Identifier{arg.Name}.Sanitize() + " => " + p
		}
		parts = append(parts, p)
	}
	callExpr := fmt.Sprintf("%s(%s)", qualified(o.Name), strings.Join(parts, ", "))
	if o.Scalar {
		c.sql = fmt.Sprintf("select (%s)::text", callExpr)
	} else {
		c.sql = fmt.Sprintf("select pg_catalog.row_to_json(r)::text from %s as r", callExpr)
	}
	return nil
}

func qualified(name string) string {
	s, n, _ := strings.Cut(name, ".")
	return pgx.Identifier{s, n}.Sanitize()
}
