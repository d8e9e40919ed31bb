package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"thick/tools/internal/marker"
	"thick/tools/internal/pgcluster"
)

// ProjectPsqlrc is the project's psqlrc, loaded by `thick psql` after the
// user's own.
const ProjectPsqlrc = "scripts/psqlrc"

// Psql is `thick psql [--db URL] [--root DIR] [--as EMAIL | --anon]
// [psql arguments...]`: it runs psql on the target database, passing every
// other argument through. With --as, every statement of the session runs
// as that user exactly as PostgREST runs a request with the user's token:
// the role is the user's role from core.users and request.jwt.claims holds
// the claims login signs (role, sub, email, app, iat, exp); the tenant is
// derived from the user as always. --anon acts as a request without a
// token. Both refuse a database marked production, and an unknown or
// inactive e-mail before psql starts.
func Psql(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c common
	var as string
	anon := false
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if a == "--anon" {
			anon = true
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		known := strings.HasPrefix(a, "-") && (name == "db" || name == "root") ||
			strings.HasPrefix(a, "--") && name == "as"
		if !known {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return usageError(stderr, "psql", "flag needs an argument: "+a)
			}
			i++
			val = args[i]
		}
		switch name {
		case "db":
			c.db = val
		case "root":
			c.root = val
		case "as":
			as = val
		}
	}
	if as != "" && anon {
		return usageError(stderr, "psql", "--as and --anon exclude each other")
	}
	root, err := findRoot(c.root)
	if err != nil {
		return fail(stderr, "psql", err)
	}
	tgt, err := resolveTarget(ctx, c, root, stderr)
	if err != nil {
		return fail(stderr, "psql", err)
	}
	bin, err := pgcluster.Psql()
	if err != nil {
		return fail(stderr, "psql", err)
	}
	env := os.Environ()
	psqlArgs := []string{"-d", tgt.connString}
	if as != "" || anon {
		id, err := lookupIdentity(ctx, tgt, as)
		if err != nil {
			return fail(stderr, "psql", err)
		}
		env = setEnv(env, "PGOPTIONS", strings.TrimSpace(os.Getenv("PGOPTIONS")+" "+id.pgOptions()))
		prompt := "%/ " + strings.ReplaceAll(id.label, "%", "%%")
		psqlArgs = append(psqlArgs, "-v", "thick_as="+id.label,
			"-v", "PROMPT1="+prompt+"%R%# ", "-v", "PROMPT2="+prompt+"%R%# ")
	}
	if rc, err := projectRC(root); err != nil {
		return fail(stderr, "psql", err)
	} else if rc != "" {
		defer os.Remove(rc)
		env = setEnv(env, "PSQLRC", rc)
	}
	// Not CommandContext: Ctrl-C belongs to psql (it cancels its query), and
	// main's signal.NotifyContext keeps thick itself alive meanwhile.
	cmd := exec.Command(bin, append(psqlArgs, rest...)...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return fail(stderr, "psql", err)
	}
	return 0
}

// identity is who a psql session acts as.
type identity struct {
	role   string
	claims string // request.jwt.claims; "" for anonymous
	label  string // for the prompt: "client1@crm.demo (crm_client)"
}

// pgOptions sets the role and the claims for the whole session, as server
// options of the connection (so that \c keeps them).
func (id identity) pgOptions() string {
	esc := strings.NewReplacer(`\`, `\\`, " ", `\ `)
	o := "-c role=" + esc.Replace(id.role)
	if id.claims != "" {
		o += " -c request.jwt.claims=" + esc.Replace(id.claims)
	}
	return o
}

// lookupIdentity checks the target (never a database marked production) and
// finds the active user with e-mail as (case-insensitive); as == "" is the
// anonymous request.
func lookupIdentity(ctx context.Context, tgt target, as string) (identity, error) {
	conn, err := pgx.Connect(ctx, tgt.connString)
	if err != nil {
		return identity{}, fmt.Errorf("connect to %s: %w", tgt.desc, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	kind, err := marker.Check(ctx, conn)
	if err != nil {
		return identity{}, err
	}
	if kind == marker.Production {
		return identity{}, fmt.Errorf("%s is marked production: acting as a user is for development databases only", tgt.desc)
	}
	if as == "" {
		return identity{role: "anon", label: "anonymous (anon)"}, nil
	}
	rows, err := conn.Query(ctx, `
		select users.id::text, users.role::text, users.email::text, users.app::text, users.is_active,
		       extract(epoch from coalesce(nullif(pg_catalog.current_setting('app.jwt_ttl', true), ''), '1 hour')::interval)::bigint
		  from core.users as users
		 where pg_catalog.lower(users.email) = pg_catalog.lower($1)
		 order by users.is_active desc, users.app`, as)
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42P01" {
			return identity{}, fmt.Errorf("%s has no core.users: rebuild it first", tgt.desc)
		}
		return identity{}, fmt.Errorf("look up %s: %w", as, err)
	}
	type user struct {
		id, role, email, app string
		active               bool
		ttl                  int64
	}
	users, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (user, error) {
		var u user
		err := r.Scan(&u.id, &u.role, &u.email, &u.app, &u.active, &u.ttl)
		return u, err
	})
	if err != nil {
		return identity{}, fmt.Errorf("look up %s: %w", as, err)
	}
	switch {
	case len(users) == 0:
		return identity{}, fmt.Errorf("no user %s in %s", as, tgt.desc)
	case !users[0].active:
		return identity{}, fmt.Errorf("user %s is inactive: login refuses it, and so does thick psql --as", as)
	case len(users) > 1 && users[1].active:
		return identity{}, fmt.Errorf("%s is an active user of more than one application (%s, %s)", as, users[0].app, users[1].app)
	}
	u := users[0]
	now := time.Now().Unix()
	claims, err := json.Marshal(map[string]any{
		"role": u.role, "sub": u.id, "email": u.email, "app": u.app,
		"iat": now, "exp": now + u.ttl,
	})
	if err != nil {
		return identity{}, err
	}
	return identity{role: u.role, claims: string(claims), label: fmt.Sprintf("%s (%s)", u.email, u.role)}, nil
}

// projectRC writes a temporary psqlrc that includes the user's own (PSQLRC,
// else ~/.psqlrc), then the project's, and returns its path; "" when the
// project has none.
func projectRC(root string) (string, error) {
	project := filepath.Join(root, filepath.FromSlash(ProjectPsqlrc))
	if _, err := os.Stat(project); err != nil {
		return "", nil
	}
	var b strings.Builder
	user := os.Getenv("PSQLRC")
	if user == "" {
		if home, err := os.UserHomeDir(); err == nil {
			user = filepath.Join(home, ".psqlrc")
		}
	}
	if st, err := os.Stat(user); err == nil && !st.IsDir() {
		fmt.Fprintf(&b, "\\i %s\n", psqlQuote(user))
	}
	fmt.Fprintf(&b, "\\i %s\n", psqlQuote(project))
	f, err := os.CreateTemp("", "thick-psqlrc-*")
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}

// psqlQuote quotes a meta-command argument.
func psqlQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// setEnv returns env with name set to value.
func setEnv(env []string, name, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return append(out, name+"="+value)
}
