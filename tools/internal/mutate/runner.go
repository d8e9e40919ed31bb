package mutate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"thick/tools/internal/project"
	"thick/tools/internal/sqlsplit"
	"thick/tools/internal/testrun"
)

// languages maps each function the project defines (schema.name) to its
// language, or to "" when the planner may inline it (a SQL function without
// SET clause nor security definer): an inlined call never shows in pg_stat.
func languages(p *project.Project) map[string]string {
	out := map[string]string{}
	for _, f := range p.Files {
		for _, st := range f.Statements() {
			if !strings.HasPrefix(strings.Join(sqlsplit.Words(st.SQL, 4), " "), "create") {
				continue
			}
			toks := code(lex(st.SQL))
			if len(toks) > 2 && isRoutine(toks) {
				r := parseRoutine(toks)
				out[r.qualified] = r.language
				if r.inlinable {
					out[r.qualified] = ""
				}
			}
		}
	}
	return out
}

// Result is what running the suites against one mutant gave.
type Result struct {
	Mutant  *Mutant
	Killed  bool
	By      string // the suite that failed
	Why     string // its first failed assertion, or its error
	Err     error  // the mutant could not be applied
	Suites  int    // suites run
	Elapsed time.Duration
}

// clientRoles are the roles whose grants are mutated: the API roles (those
// granted to authenticator, PostgREST's login role), worker (the job
// workers' role) and public.
func clientRoles(ctx context.Context, url string) (map[string]bool, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	rows, err := conn.Query(ctx, `
		select r.rolname::text
		  from pg_catalog.pg_auth_members as m
		  join pg_catalog.pg_roles as r
		    on r.oid = m.roleid
		 where m.member = (select a.oid from pg_catalog.pg_roles as a where a.rolname = 'authenticator')
		union
		select rolname::text from pg_catalog.pg_roles where rolname = 'worker'`)
	if err != nil {
		return nil, fmt.Errorf("read the client roles: %w", err)
	}
	roles, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("read the client roles: %w", err)
	}
	out := map[string]bool{"public": true}
	for _, r := range roles {
		out[strings.ToLower(r)] = true
	}
	return out, nil
}

// userRoles maps the e-mail (lowercased) of every user of the built
// database (core.users, when it exists) to the user's role.
func userRoles(ctx context.Context, url string) (map[string]string, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	out := map[string]string{}
	var exists bool
	if err := conn.QueryRow(ctx, "select pg_catalog.to_regclass('core.users') is not null").Scan(&exists); err != nil || !exists {
		return out, err
	}
	rows, err := conn.Query(ctx, "select pg_catalog.lower(email), role::text from core.users")
	if err != nil {
		return nil, fmt.Errorf("read the users: %w", err)
	}
	var email, role string
	_, err = pgx.ForEachRow(rows, []any{&email, &role}, func() error {
		out[email] = role
		return nil
	})
	return out, err
}

// suite is a test file the runner knows.
type suite struct {
	path    string
	src     string
	lower   string        // src lowercased, to find the names it mentions
	elapsed time.Duration // unmutated
	commit  bool          // a database of its own, the mutant committed: it commits, or opens connections of its own

	// what the suite reached when it ran unmutated: the plpgsql functions
	// it entered (also those that raised) and the tables it read or wrote
	// (pg_stat_xact_*); measured is false where that is unknown
	measured bool
	funcs    map[string]bool
	tables   map[string]bool
	// what it reads of the catalog, judged from its text: a suite that does
	// may notice a mutant without running the object
	readsSource, readsVolatility, readsPolicies, readsPrivileges, readsConstraints bool
	// the client roles the suite may act as, judged from its code: the
	// roles it names and those of the users whose e-mail it names; allRoles
	// when it reads the roles from the catalog (it may then act as any)
	roles    map[string]bool
	allRoles bool
}

// What a suite's code (its comments left out) reads of the catalog.
var (
	readsSourceRE      = regexp.MustCompile(`\bprosrc\b|pg_get_functiondef`)
	readsVolatilityRE  = regexp.MustCompile(`volatility_is|\bprovolatile\b`)
	readsPoliciesRE    = regexp.MustCompile(`policies_are|\bpg_policy\b|\bpg_policies\b|policy_roles_are|policy_cmd_is|relrowsecurity|relforcerowsecurity`)
	readsPrivilegesRE  = regexp.MustCompile(`has_[a-z_]*privilege|privs_are|\b(pro|rel|nsp|att)acl\b|aclexplode|information_schema\.\w*privileges`)
	readsConstraintsRE = regexp.MustCompile(`\bpg_constraint\b|pg_get_constraintdef|has_check|check_constraints`)
	readsRolesRE       = regexp.MustCompile(`\bpg_auth_members\b|\bpg_roles\b|\bpg_authid\b|\bpg_user\b`)
)

// actsAs fills the roles a suite (its code without comments) may act as.
func (s *suite) actsAs(code string, roles map[string]bool, userRoles map[string]string) {
	s.roles = map[string]bool{}
	s.allRoles = readsRolesRE.MatchString(code)
	for r := range roles {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(r) + `\b`).MatchString(code) {
			s.roles[r] = true
		}
	}
	if strings.Contains(code, "act_as_anon") {
		s.roles["anon"] = true
	}
	for email, r := range userRoles {
		if strings.Contains(code, email) {
			s.roles[r] = true
		}
	}
}

// codeText is src without its comments, lowercased.
func codeText(src string) string {
	var b strings.Builder
	for _, t := range code(lex(src)) {
		b.WriteString(strings.ToLower(t.Text))
		b.WriteByte(' ')
	}
	return b.String()
}

// reaches reports whether the suite may notice m, from what it reached
// unmutated: a change to a plpgsql or sql function's body only shows when
// the function runs (or its source is read; an inlinable sql function is
// not tracked, so every suite may notice it), a view's where clause when
// its tables are read, a dropped policy when its table is
// read or written (or the catalog's policies are), a revoked execute on a
// plpgsql function when it runs (or privileges are read). Everything else,
// and every suite not measured, may notice anything.
func (s *suite) reaches(m *Mutant, lang map[string]string, relations map[string][]string) bool {
	if !s.measured {
		return true
	}
	switch {
	case (m.Op == Guard || m.Op == Boundary) && m.Function && tracked(lang[m.Target]):
		return s.funcs[m.Target] || s.readsSource
	case m.Op == Boundary && !m.Function && relations[m.Target] != nil:
		// a view's where clause shows only to a suite that read its tables
		return s.readsView(relations[m.Target])
	case m.Op == Volatility && tracked(lang[m.Target]):
		return s.funcs[m.Target] || s.readsVolatility || s.readsSource
	case m.Op == Policy:
		return s.tables[m.Target] || s.readsPolicies
	case m.Op == Loosen:
		// a loosened policy shows to a query that must see nothing, which
		// may never scan the table: the planner turns the policy's test
		// and the query's own into a one-time filter that is false (owner
		// = current_setting(...) and owner = 'bob'), so the statistics do
		// not tell; every suite of the application may notice it
		return true
	case m.Op == Check:
		// a check constraint shows only to a suite that wrote its table
		// (or read it: the two are not told apart) or reads constraints
		return s.tables[m.Target] || s.readsConstraints
	case m.Op == Grant && !s.readsPrivileges && !s.allRoles && m.Role != "public" && !s.roles[m.Role]:
		// a privilege revoked from a role the suite never acts as
		return false
	case m.Op == Grant && m.Function && tracked(lang[m.Target]):
		return s.funcs[m.Target] || s.readsPrivileges
	case m.Op == Grant && !m.Function && relations[m.Target] != nil:
		return s.readsPrivileges || s.readsView(relations[m.Target])
	}
	return true
}

// readsView reports whether the suite read any of a view's stored
// relations (a suite that scanned none of them never read the view).
func (s *suite) readsView(stored []string) bool {
	for _, t := range stored {
		if s.tables[t] {
			return true
		}
	}
	return false
}

// tracked reports whether calls of a function of this language show in
// pg_stat_xact_user_functions under track_functions = all ("" is an
// inlinable SQL function, which may not).
func tracked(lang string) bool { return lang == "plpgsql" || lang == "sql" }

// baseTables maps every table, materialized view and view of the database
// (schema.name) to the stored relations it reads: itself for a table or a
// materialized view, the tables and materialized views under a view, through
// views of views. A suite that scanned none of them never read the view.
func baseTables(ctx context.Context, url string) (map[string][]string, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	rows, err := conn.Query(ctx, `
		with recursive reads (rel, dep) as (
		    select c.oid, c.oid
		      from pg_catalog.pg_class as c
		     where c.relkind in ('r', 'p', 'm', 'v')
		    union
		    select reads.rel, d.refobjid
		      from reads
		      join pg_catalog.pg_class as v on v.oid = reads.dep and v.relkind = 'v'
		      join pg_catalog.pg_rewrite as rw on rw.ev_class = v.oid
		      join pg_catalog.pg_depend as d
		        on d.classid = 'pg_catalog.pg_rewrite'::regclass
		       and d.objid = rw.oid
		       and d.refclassid = 'pg_catalog.pg_class'::regclass
		       and d.refobjid <> v.oid
		)
		select n.nspname || '.' || c.relname, dn.nspname || '.' || dc.relname
		  from reads
		  join pg_catalog.pg_class as c on c.oid = reads.rel
		  join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
		  join pg_catalog.pg_class as dc on dc.oid = reads.dep and dc.relkind in ('r', 'p', 'm')
		  join pg_catalog.pg_namespace as dn on dn.oid = dc.relnamespace
		 where n.nspname not in ('pg_catalog', 'information_schema')`)
	if err != nil {
		return nil, fmt.Errorf("read the views' tables: %w", err)
	}
	out := map[string][]string{}
	var rel, dep string
	_, err = pgx.ForEachRow(rows, []any{&rel, &dep}, func() error {
		out[rel] = append(out[rel], dep)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the views' tables: %w", err)
	}
	return out, nil
}

// probe reads what the suite's transaction reached.
func (s *suite) probe(ctx context.Context, conn *pgconn.PgConn) error {
	results, err := conn.Exec(ctx, `reset role;
reset session authorization;
select schemaname || '.' || funcname from pg_catalog.pg_stat_xact_user_functions;
select schemaname || '.' || relname
  from pg_catalog.pg_stat_xact_user_tables
 where seq_scan + coalesce(idx_scan, 0) + n_tup_ins + n_tup_upd + n_tup_del > 0`).ReadAll()
	if err != nil {
		return err
	}
	if len(results) != 4 {
		return fmt.Errorf("probe: %d results", len(results))
	}
	s.funcs, s.tables = map[string]bool{}, map[string]bool{}
	for _, row := range results[2].Rows {
		s.funcs[strings.ToLower(string(row[0]))] = true
	}
	for _, row := range results[3].Rows {
		s.tables[strings.ToLower(string(row[0]))] = true
	}
	s.measured = true
	return nil
}

// runner runs mutants on jobs databases cloned from the template, one
// connection each.
type runner struct {
	env  *testrun.Env
	lang map[string]string // function (schema.name) -> language, from the project's files
	// relations maps a table or view (schema.name) to the stored relations it reads
	relations map[string][]string
	jobs      int
	suites    []*suite
	dbs       []string // the workers' databases; dbs[0] is thick_test
	seq       atomic.Int64

	mu    sync.Mutex
	kills map[string]map[string]int // source path -> suite -> mutants killed
}

func newRunner(ctx context.Context, env *testrun.Env, p *project.Project, o Options, plan *testrun.Plan, roles map[string]bool) (*runner, error) {
	r := &runner{env: env, kills: map[string]map[string]int{}, lang: languages(p)}
	users, err := userRoles(ctx, env.URL(env.TestDatabase()))
	if err != nil {
		return nil, err
	}
	for _, rel := range plan.Files {
		b, err := os.ReadFile(filepath.Join(plan.Root, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		src := string(b)
		lower, code := strings.ToLower(src), codeText(src)
		s := &suite{path: rel, src: src, lower: lower, commit: testrun.IsCommitFile(src) || env.OpensConnections(src),
			readsSource: readsSourceRE.MatchString(code), readsVolatility: readsVolatilityRE.MatchString(code),
			readsPolicies: readsPoliciesRE.MatchString(code), readsPrivileges: readsPrivilegesRE.MatchString(code),
			readsConstraints: readsConstraintsRE.MatchString(code)}
		s.actsAs(code, roles, users)
		r.suites = append(r.suites, s)
	}
	rels, err := baseTables(ctx, env.URL(env.TestDatabase()))
	if err != nil {
		return nil, err
	}
	r.relations = rels
	r.jobs = o.Jobs
	if r.jobs <= 0 {
		r.jobs = runtime.NumCPU()
	}
	r.dbs = []string{env.TestDatabase()}
	for i := 1; i < r.jobs; i++ {
		db, err := env.CloneTemplate(ctx, fmt.Sprintf("mutate_%d", i))
		if err != nil {
			r.close(context.WithoutCancel(ctx))
			return nil, err
		}
		r.dbs = append(r.dbs, db)
	}
	return r, nil
}

func (r *runner) close(ctx context.Context) {
	for _, db := range r.dbs[1:] {
		_ = r.env.DropDatabase(ctx, db)
	}
	r.dbs = r.dbs[:1]
}

// worker holds a connection to its database.
type worker struct {
	r    *runner
	db   string
	conn *pgconn.PgConn
}

func (w *worker) connect(ctx context.Context) error {
	if w.conn != nil {
		return nil
	}
	c, err := pgconn.Connect(ctx, w.r.env.URL(w.db))
	if err != nil {
		return fmt.Errorf("connect %s: %w", w.db, err)
	}
	testrun.PrepareSession(ctx, c)
	w.conn = c
	return nil
}

func (w *worker) close(ctx context.Context) {
	if w.conn != nil {
		_ = w.conn.Close(ctx)
		w.conn = nil
	}
}

// runSuite runs one suite after before (the mutant, "" for none) and
// returns its result, or the error of before.
func (w *worker) runSuite(ctx context.Context, s *suite, before string, stop bool, after func(context.Context, *pgconn.PgConn) error) (*testrun.File, error) {
	if s.commit {
		return w.runCommitSuite(ctx, s, before, stop)
	}
	if err := w.connect(ctx); err != nil {
		return nil, err
	}
	f, usable, err := w.r.env.RunFile(ctx, w.conn, s.path, s.src, testrun.FileRun{Before: before, StopAtFailure: stop, After: after})
	if !usable {
		w.close(context.WithoutCancel(ctx))
	}
	return f, err
}

// runCommitSuite gives a suite that commits (or whose other connections
// must see the mutant) a database of its own, cloned from the template, the
// mutant committed in it first.
func (w *worker) runCommitSuite(ctx context.Context, s *suite, before string, stop bool) (*testrun.File, error) {
	db, err := w.r.env.CloneTemplate(ctx, fmt.Sprintf("mutate_commit_%d", w.r.seq.Add(1)))
	if err != nil {
		return nil, err
	}
	defer func() { _ = w.r.env.DropDatabase(context.WithoutCancel(ctx), db) }()
	c, err := pgconn.Connect(ctx, w.r.env.URL(db))
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", db, err)
	}
	defer c.Close(context.WithoutCancel(ctx))
	f, _, err := w.r.env.RunFile(ctx, c, s.path, s.src, testrun.FileRun{Before: before, StopAtFailure: stop, Own: true})
	return f, err
}

// baseline runs every suite unmutated: they must pass, or no mutant could be
// judged. It records each suite's time, which bounds a mutant's statements.
func (r *runner) baseline(ctx context.Context) error {
	next := make(chan *suite)
	var mu sync.Mutex
	var failed []string
	var wg sync.WaitGroup
	for i := range min(r.jobs, len(r.suites)) {
		w := &worker{r: r, db: r.dbs[i]}
		wg.Go(func() {
			defer w.close(context.WithoutCancel(ctx))
			for s := range next {
				// track_functions = all: the functions entered (also those
				// that raised) show in pg_stat_xact_user_functions, read
				// before the rollback; inlined SQL functions do not
				f, err := w.runSuite(ctx, s, "set local track_functions = 'all'", false, s.probe)
				if err == nil && f.OK() {
					s.elapsed = f.Elapsed
					continue
				}
				why := ""
				switch {
				case err != nil:
					why = err.Error()
				default:
					why = failure(f)
				}
				mu.Lock()
				failed = append(failed, fmt.Sprintf("%s: %s", s.path, why))
				mu.Unlock()
			}
		})
	}
	for _, s := range r.suites {
		select {
		case next <- s:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if len(failed) > 0 {
		sort.Strings(failed)
		return fmt.Errorf("the suites fail without any mutant (run thick test first):\n  %s", strings.Join(failed, "\n  "))
	}
	return nil
}

// failure describes why a file failed: its first failed assertion, its
// error, or its plan problem.
func failure(f *testrun.File) string {
	if f.Suite != nil {
		for _, a := range f.Suite.Assertions {
			if a.Failed() {
				return fmt.Sprintf("not ok %d - %s (line %d)", a.Number, a.Description, a.Src)
			}
		}
	}
	if f.Err != nil {
		return firstLine(f.Err.Error())
	}
	if f.Suite != nil && len(f.Suite.Problems) > 0 {
		return f.Suite.Problems[0]
	}
	return "failed"
}

// run runs the mutants, jobs at a time, and calls each with every result as
// it comes. Results are returned in the order of mutants.
func (r *runner) run(ctx context.Context, mutants []*Mutant, each func(*Result, int)) []*Result {
	results := make([]*Result, len(mutants))
	next := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for i := range min(r.jobs, max(len(mutants), 1)) {
		w := &worker{r: r, db: r.dbs[i]}
		wg.Go(func() {
			defer w.close(context.WithoutCancel(ctx))
			for j := range next {
				res := w.mutant(ctx, mutants[j])
				mu.Lock()
				results[j] = res
				done++
				if ctx.Err() == nil && each != nil {
					each(res, done)
				}
				mu.Unlock()
			}
		})
	}
	for j := range mutants {
		select {
		case next <- j:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(next)
	wg.Wait()
	for j, res := range results {
		if res == nil {
			results[j] = &Result{Mutant: mutants[j], Err: ctx.Err()}
		}
	}
	return results
}

// statementTimeout bounds each statement of a suite under a mutant (a
// moved boundary may loop for ever): ten times the suite's own time, at
// least five seconds. A suite that times out has noticed the mutant.
func statementTimeout(s *suite) time.Duration {
	return max(5*time.Second, 10*s.elapsed)
}

// mutant runs the suites that judge m, the likeliest to fail first, until
// one fails.
func (w *worker) mutant(ctx context.Context, m *Mutant) *Result {
	res := &Result{Mutant: m}
	start := time.Now()
	defer func() { res.Elapsed = time.Since(start) }()
	for _, s := range w.r.order(m) {
		if ctx.Err() != nil {
			res.Err = ctx.Err()
			return res
		}
		before := fmt.Sprintf("set local statement_timeout = %d;\nset local search_path = '';\n%s;\nreset search_path", statementTimeout(s).Milliseconds(), m.SQL)
		if s.commit {
			before = fmt.Sprintf("set statement_timeout = %d;\nset search_path = '';\n%s;\nreset search_path", statementTimeout(s).Milliseconds(), m.SQL)
		}
		f, err := w.runSuite(ctx, s, before, true, nil)
		res.Suites++
		if err != nil {
			res.Err = fmt.Errorf("apply %s: %w", m.Change, err)
			return res
		}
		if !f.OK() {
			res.Killed, res.By, res.Why = true, s.path, failure(f)
			var pe *pgconn.PgError
			if errors.As(f.Err, &pe) && pe.Code == "57014" {
				res.Why = "timed out: " + res.Why
			}
			w.r.killed(m.Path, s.path)
			return res
		}
	}
	return res
}

func (r *runner) killed(source, suite string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.kills[source] == nil {
		r.kills[source] = map[string]int{}
	}
	r.kills[source][suite]++
}

// order lists the suites that judge m, the likeliest to fail first: those
// naming the mutated object, then those that killed most mutants of the
// same file so far, then the quickest.
func (r *runner) order(m *Mutant) []*suite {
	r.mu.Lock()
	kills := map[string]int{}
	for k, v := range r.kills[m.Path] {
		kills[k] = v
	}
	r.mu.Unlock()
	var names *regexp.Regexp
	if m.Object != "" {
		names = regexp.MustCompile(`\b` + regexp.QuoteMeta(strings.ToLower(m.Object)) + `\b`)
	}
	type ranked struct {
		s       *suite
		mention bool
	}
	var out []ranked
	for _, s := range r.suites {
		if !suiteJudges(s.path, m.App) || !s.reaches(m, r.lang, r.relations) {
			continue
		}
		out = append(out, ranked{s, names != nil && names.MatchString(s.lower)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.mention != b.mention {
			return a.mention
		}
		if kills[a.s.path] != kills[b.s.path] {
			return kills[a.s.path] > kills[b.s.path]
		}
		return a.s.elapsed < b.s.elapsed
	})
	suites := make([]*suite, len(out))
	for i, x := range out {
		suites[i] = x.s
	}
	return suites
}
