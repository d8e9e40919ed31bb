package replica

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"thick/tools/internal/plural"
	"thick/tools/internal/project"
	"thick/tools/internal/sqlsplit"
)

// Object is a view or a function of an <app>_api schema.
type Object struct {
	Name       string // schema.name
	Schema     string
	Function   bool
	Volatility byte // 'v', 's' or 'i' (functions)
	Args       []Arg
	Scalar     bool   // a function read as one value (not a set, not a row)
	Path       string // the file defining it ("" when no file does)
	Line       int
}

// Arg is an input argument of a function.
type Arg struct{ Name, Type string }

func (o *Object) kind() string {
	switch {
	case !o.Function:
		return "view"
	case o.Volatility == 'v':
		return "volatile function"
	case o.Volatility == 's':
		return "stable function"
	}
	return "immutable function"
}

func (o *Object) where() string {
	if o.Path == "" {
		return "(no file)"
	}
	return fmt.Sprintf("%s:%d", o.Path, o.Line)
}

// readPath reports whether PostgREST runs the object in a read-only
// transaction (GET): views and non-volatile functions.
func (o *Object) readPath() bool { return !o.Function || o.Volatility != 'v' }

// Outcome is what one call gave.
type Outcome struct {
	Rows    []string // the rows as JSON text, sorted
	Code    string   // SQLSTATE of the error, "" on success
	Message string
}

func (o Outcome) String() string {
	if o.Code != "" {
		return "ERROR " + o.Code + ": " + o.Message
	}
	h := sha256.New()
	for _, r := range o.Rows {
		h.Write([]byte(r))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("%d %s (%s)", len(o.Rows), plural.S(len(o.Rows), "row"), hex.EncodeToString(h.Sum(nil))[:12])
}

func (o Outcome) same(p Outcome) bool {
	if o.Code != p.Code {
		return false
	}
	if o.Code != "" {
		return o.Message == p.Message
	}
	if len(o.Rows) != len(p.Rows) {
		return false
	}
	for i := range o.Rows {
		if o.Rows[i] != p.Rows[i] {
			return false
		}
	}
	return true
}

// writes reports whether the outcome is the refusal of a write: 25006 in
// a read-only transaction, or 0A000 for a write inside a non-volatile
// function.
func (o Outcome) writes() bool {
	return o.Code == "25006" || (o.Code == "0A000" && strings.Contains(o.Message, "non-volatile function"))
}

// Call is one call of an object by one role.
type Call struct {
	Object  *Object
	Role    string // the database role; the demo user's e-mail follows in User
	User    string
	claims  string
	sql     string
	args    []any
	alts    [][]any // other arguments for a volatile function, from other rows
	Primary Outcome // in a read-only transaction for a read path, read-write (rolled back) otherwise
	Standby Outcome
	Problem string // why the call fails the run ("" when it does not)
	varies  bool   // two calls on the primary answered differently
}

// Schema sums up one <app>_api schema.
type Schema struct {
	Name                     string
	Roles                    []string
	Views, Stable, Volatile  int
	Refused, SameRefusal     int
	volatileProven, volatile map[string]bool
}

// Unproven lists the volatile functions of the schema that no call
// brought to a write on the standby.
func (s *Schema) Unproven() []string {
	var out []string
	for _, name := range sortedKeys(s.volatile) {
		if !s.volatileProven[name] {
			out = append(out, name)
		}
	}
	return out
}

// Summary is the outcome of Check.
type Summary struct {
	Schemas       []*Schema
	Calls         []*Call
	TimeDependent []string
}

// Failures are the calls that fail the run, in order.
func (s *Summary) Failures() []*Call {
	var out []*Call
	for _, c := range s.Calls {
		if c.Problem != "" {
			out = append(out, c)
		}
	}
	return out
}

// Failed is the number of failed calls.
func (s *Summary) Failed() int { return len(s.Failures()) }

// Check discovers every <app>_api schema on the primary, and calls each of
// its views and functions as each role of the application with a demo user
// (and anon), on the primary and on the standby, comparing the answers.
// each is called with every call when done (from several goroutines, one at
// a time).
func Check(ctx context.Context, primaryURL, standbyURL string, p *project.Project, jobs int, each func(*Call)) (*Summary, error) {
	admin, err := pgx.Connect(ctx, primaryURL)
	if err != nil {
		return nil, fmt.Errorf("connect to the primary: %w", err)
	}
	defer admin.Close(context.WithoutCancel(ctx))
	files := definitions(p)
	schemas, err := apiSchemas(ctx, admin)
	if err != nil {
		return nil, err
	}
	sum := &Summary{}
	var calls []*Call
	for _, name := range schemas {
		app := strings.TrimSuffix(name, "_api")
		sc := &Schema{Name: name, volatile: map[string]bool{}, volatileProven: map[string]bool{}}
		sum.Schemas = append(sum.Schemas, sc)
		objects, err := apiObjects(ctx, admin, name, files)
		if err != nil {
			return nil, err
		}
		for _, o := range objects {
			switch {
			case !o.Function:
				sc.Views++
			case o.Volatility == 'v':
				sc.Volatile++
				sc.volatile[o.Name] = true
			default:
				sc.Stable++
			}
		}
		users, err := demoUsers(ctx, admin, app)
		if err != nil {
			return nil, err
		}
		args := newArgFinder(admin, name, app)
		for _, u := range users {
			sc.Roles = append(sc.Roles, u.role)
			for _, o := range objects {
				c := &Call{Object: o, Role: u.role, User: u.email, claims: u.claims}
				if err := args.build(ctx, c, u); err != nil {
					return nil, err
				}
				calls = append(calls, c)
			}
		}
	}
	if err := run(ctx, primaryURL, standbyURL, calls, jobs, each); err != nil {
		return nil, err
	}
	sum.Calls = calls
	varies := map[string]bool{}
	for _, c := range calls {
		if c.varies {
			varies[c.Object.Name] = true
		}
		for _, sc := range sum.Schemas {
			if c.Object.Schema != sc.Name || !c.Object.Function || c.Object.Volatility != 'v' {
				continue
			}
			switch {
			case c.Problem != "":
			case c.Standby.Code == "25006":
				sc.Refused++
				sc.volatileProven[c.Object.Name] = true
			default:
				sc.SameRefusal++
			}
		}
	}
	sum.TimeDependent = sortedKeys(varies)
	return sum, nil
}

// definitions maps the views and functions the project's files create
// (schema.name) to their file and line.
func definitions(p *project.Project) map[string][2]any {
	out := map[string][2]any{}
	if p == nil {
		return out
	}
	for _, f := range p.Files {
		for _, st := range f.Statements() {
			w := sqlsplit.Words(st.SQL, 8)
			if len(w) < 3 || w[0] != "create" {
				continue
			}
			i := 1
			if len(w) > 3 && w[1] == "or" && w[2] == "replace" {
				i = 3
			}
			if i < len(w) && w[i] == "materialized" {
				i++
			}
			if i+2 < len(w) && (w[i] == "view" || w[i] == "function") {
				name := w[i+1] + "." + w[i+2]
				if _, ok := out[name]; !ok {
					out[name] = [2]any{f.Path, st.Line}
				}
			}
		}
	}
	return out
}

func apiSchemas(ctx context.Context, conn *pgx.Conn) ([]string, error) {
	rows, err := conn.Query(ctx, `
		select nspname::text
		  from pg_catalog.pg_namespace
		 where nspname like '%\_api'
		 order by 1`)
	if err != nil {
		return nil, fmt.Errorf("list the api schemas: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// apiObjects lists the views, materialized views and functions (trigger
// functions aside) of schema.
func apiObjects(ctx context.Context, conn *pgx.Conn, schema string, files map[string][2]any) ([]*Object, error) {
	var out []*Object
	rows, err := conn.Query(ctx, `
		select n.nspname || '.' || c.relname
		  from pg_catalog.pg_class as c
		  join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
		 where n.nspname = $1
		   and c.relkind in ('v', 'm')
		 order by 1`, schema)
	if err != nil {
		return nil, fmt.Errorf("list the views of %s: %w", schema, err)
	}
	views, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list the views of %s: %w", schema, err)
	}
	for _, v := range views {
		out = append(out, &Object{Name: v, Schema: schema})
	}
	rows, err = conn.Query(ctx, `
		select n.nspname || '.' || p.proname,
		       p.provolatile::text,
		       p.proretset or t.typtype = 'c' or p.prorettype = 'pg_catalog.record'::regtype,
		       coalesce((select pg_catalog.array_agg(a.name order by a.ord)
		                   from (select coalesce(p.proargnames[k.ord], '') as name, k.ord
		                           from pg_catalog.generate_subscripts(coalesce(p.proargmodes, pg_catalog.array_fill('i'::"char", array[p.pronargs])), 1) as k(ord)
		                          where coalesce(p.proargmodes[k.ord], 'i') in ('i', 'b', 'v')) as a), '{}'),
		       coalesce((select pg_catalog.array_agg(pg_catalog.format_type(t2.oid, null) order by x.ord)
		                   from pg_catalog.unnest(p.proargtypes::oid[]) with ordinality as x(oid, ord)
		                   join pg_catalog.pg_type as t2 on t2.oid = x.oid), '{}')
		  from pg_catalog.pg_proc as p
		  join pg_catalog.pg_namespace as n on n.oid = p.pronamespace
		  join pg_catalog.pg_type as t on t.oid = p.prorettype
		 where n.nspname = $1
		   and p.prokind = 'f'
		   and p.prorettype not in ('pg_catalog.trigger'::regtype, 'pg_catalog.event_trigger'::regtype)
		 order by 1, p.oid`, schema)
	if err != nil {
		return nil, fmt.Errorf("list the functions of %s: %w", schema, err)
	}
	var name, vol string
	var set bool
	var names, types []string
	_, err = pgx.ForEachRow(rows, []any{&name, &vol, &set, &names, &types}, func() error {
		o := &Object{Name: name, Schema: schema, Function: true, Volatility: vol[0], Scalar: !set}
		for i, t := range types {
			n := ""
			if i < len(names) {
				n = names[i]
			}
			o.Args = append(o.Args, Arg{Name: n, Type: t})
		}
		out = append(out, o)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list the functions of %s: %w", schema, err)
	}
	for _, o := range out {
		if d, ok := files[o.Name]; ok {
			o.Path, o.Line = d[0].(string), d[1].(int)
		}
	}
	return out, nil
}

// user is who a call acts as: a demo user of a role, or anon.
type user struct {
	role, email, id, claims string
}

// demoUsers returns anon and, for each application role (a role granted to
// authenticator and named <app>_*), its first active demo user in core.users.
func demoUsers(ctx context.Context, conn *pgx.Conn, app string) ([]user, error) {
	exp := time.Now().Add(time.Hour).Unix()
	var out []user
	var anon bool
	if err := conn.QueryRow(ctx, `select exists (select from pg_catalog.pg_roles where rolname = 'anon')`).Scan(&anon); err != nil {
		return nil, err
	}
	if anon {
		b, _ := json.Marshal(map[string]any{"role": "anon"})
		out = append(out, user{role: "anon", claims: string(b)})
	}
	var hasUsers bool
	if err := conn.QueryRow(ctx, `select pg_catalog.to_regclass('core.users') is not null`).Scan(&hasUsers); err != nil {
		return nil, err
	}
	if !hasUsers {
		return out, nil
	}
	rows, err := conn.Query(ctx, `
		select r.rolname::text, u.id::text, u.email
		  from pg_catalog.pg_auth_members as m
		  join pg_catalog.pg_roles as r on r.oid = m.roleid
		  join lateral (
		        select users.id, users.email
		          from core.users as users
		         where users.app = $1
		           and users.role = r.rolname
		           and users.is_active
		         order by users.created_at, users.email
		         limit 1
		       ) as u on true
		 where m.member = (select a.oid from pg_catalog.pg_roles as a where a.rolname = 'authenticator')
		   and r.rolname like $1 || '\_%'
		 order by 1`, app)
	if err != nil {
		return nil, fmt.Errorf("find the demo users of %s: %w", app, err)
	}
	var role, id, email string
	_, err = pgx.ForEachRow(rows, []any{&role, &id, &email}, func() error {
		b, _ := json.Marshal(map[string]any{"role": role, "sub": id, "email": email, "app": app, "exp": exp})
		out = append(out, user{role: role, email: email, id: id, claims: string(b)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find the demo users of %s: %w", app, err)
	}
	return out, nil
}

// run makes every call on the primary and on the standby, jobs at a time.
func run(ctx context.Context, primaryURL, standbyURL string, calls []*Call, jobs int, each func(*Call)) error {
	if jobs < 1 {
		jobs = 1
	}
	next := make(chan *Call)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range min(jobs, max(len(calls), 1)) {
		wg.Go(func() {
			primary, err := pgx.Connect(ctx, primaryURL)
			if err == nil {
				defer primary.Close(context.WithoutCancel(ctx))
			}
			standby, serr := pgx.Connect(ctx, standbyURL)
			if serr == nil {
				defer standby.Close(context.WithoutCancel(ctx))
			}
			for c := range next {
				if err == nil && serr == nil {
					err = judge(ctx, primary, standby, c)
				}
				mu.Lock()
				if err == nil && serr == nil && each != nil {
					each(c)
				}
				if e := errors.Join(err, serr); e != nil && firstErr == nil {
					firstErr = e
				}
				mu.Unlock()
			}
		})
	}
	for _, c := range calls {
		if ctx.Err() != nil {
			break
		}
		next <- c
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return firstErr
}

// judge makes one call on both servers and sets its Problem.
func judge(ctx context.Context, primary, standby *pgx.Conn, c *Call) error {
	o := c.Object
	var err error
	if c.Standby, err = call(ctx, standby, c, true); err != nil {
		return err
	}
	if !o.readPath() {
		// as PostgREST's POST: a read-write transaction on the primary
		// (rolled back here); the standby's transactions are read-only
		if c.Primary, err = call(ctx, primary, c, false); err != nil {
			return err
		}
		switch {
		case c.Standby.Code == "25006":
		case c.Standby.Code != "" && c.Standby.Code == c.Primary.Code:
			// refused before any write, as the primary refuses it: other
			// rows may get further (another client, another state)
			if c.Primary.Code != "42501" {
				return c.tryAlternatives(ctx, primary, standby)
			}
		case c.Standby.Code == "":
			c.Problem = "a volatile function answered on the standby: it wrote nothing on this path, so a router cannot rely on the standby refusing it (declare it stable if it never writes)"
		default:
			c.Problem = fmt.Sprintf("a volatile function was refused on the standby with %s, not 25006 (read-only transaction)", c.Standby.Code)
		}
		return nil
	}
	if c.Primary, err = call(ctx, primary, c, true); err != nil {
		return err
	}
	if !c.Primary.same(c.Standby) {
		// a second call tells an answer that changes with time (now(),
		// clock_timestamp()) from one the standby gets wrong
		again, err := call(ctx, primary, c, true)
		if err != nil {
			return err
		}
		if !again.same(c.Primary) {
			c.varies = true
		}
		c.Primary = again
	}
	switch {
	case c.Primary.writes() || c.Standby.writes():
		c.Problem = "a read path writes: PostgREST runs it in a read-only transaction, and a standby refuses it (make it volatile and route it to the primary, or stop the write)"
	case c.Primary.same(c.Standby):
	case c.varies && c.Primary.Code == c.Standby.Code && len(c.Primary.Rows) == len(c.Standby.Rows):
		// changes with time: the same shape is all that can be asked
	default:
		c.Problem = "the standby answers differently from the primary"
	}
	return nil
}

// tryAlternatives calls a volatile function with arguments from other rows
// until the primary runs it through; the standby must then refuse it with
// 25006. The call keeps the arguments and outcomes of that attempt.
func (c *Call) tryAlternatives(ctx context.Context, primary, standby *pgx.Conn) error {
	for _, args := range c.alts {
		alt := *c
		alt.args = args
		p, err := call(ctx, primary, &alt, false)
		if err != nil {
			return err
		}
		if p.Code != "" {
			continue
		}
		s, err := call(ctx, standby, &alt, true)
		if err != nil {
			return err
		}
		c.args, c.Primary, c.Standby = args, p, s
		switch s.Code {
		case "25006":
		case "":
			c.Problem = "a volatile function answered on the standby: it wrote nothing on this path, so a router cannot rely on the standby refusing it (declare it stable if it never writes)"
		default:
			c.Problem = fmt.Sprintf("a volatile function was refused on the standby with %s, not 25006 (read-only transaction)", s.Code)
		}
		return nil
	}
	return nil
}

// call runs c on conn as PostgREST would: a transaction (read-only when
// asked), the role and the claims set locally, the query, then rollback.
// An SQL error is an outcome; only a broken connection is an error.
func call(ctx context.Context, conn *pgx.Conn, c *Call, readOnly bool) (Outcome, error) {
	for attempt := 0; ; attempt++ {
		out, err := callOnce(ctx, conn, c, readOnly)
		// a query cancelled for a conflict with recovery says nothing
		// about the API: call again
		if err == nil && out.Code == "40001" && attempt < 3 {
			continue
		}
		return out, err
	}
}

func callOnce(ctx context.Context, conn *pgx.Conn, c *Call, readOnly bool) (Outcome, error) {
	opts := pgx.TxOptions{}
	if readOnly {
		opts.AccessMode = pgx.ReadOnly
	}
	tx, err := conn.BeginTx(ctx, opts)
	if err != nil {
		return Outcome{}, fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := tx.Exec(ctx, `select pg_catalog.set_config('statement_timeout', '30s', true),
	                                  pg_catalog.set_config('role', $1, true),
	                                  pg_catalog.set_config('request.jwt.claims', $2, true)`, c.Role, c.claims); err != nil {
		return outcome(err)
	}
	rows, err := tx.Query(ctx, c.sql, c.args...)
	if err != nil {
		return outcome(err)
	}
	var out Outcome
	for rows.Next() {
		var s *string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return outcome(err)
		}
		if s == nil {
			out.Rows = append(out.Rows, "null")
		} else {
			out.Rows = append(out.Rows, *s)
		}
	}
	if err := rows.Err(); err != nil {
		return outcome(err)
	}
	sort.Strings(out.Rows)
	return out, nil
}

func outcome(err error) (Outcome, error) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return Outcome{Code: pe.Code, Message: pe.Message}, nil
	}
	return Outcome{}, err
}
