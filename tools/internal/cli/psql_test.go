package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/marker"
	"thick/tools/internal/pgtest"
	"thick/tools/internal/project"
)

var (
	builtOnce sync.Once
	builtURL  string
	builtErr  error
)

// projectDB builds the project's own tree (with its seed) once into a
// database of the throwaway cluster and returns its URL and the root.
func projectDB(t *testing.T) (string, string) {
	t.Helper()
	root, err := findRoot("")
	require.NoError(t, err)
	builtOnce.Do(func() {
		var p *project.Project
		if p, builtErr = project.Load(root); builtErr != nil {
			return
		}
		// a database of the package, not of the first test: it outlives it
		admin := pgtest.Connect(t, pgtest.Cluster().URL("postgres"))
		if _, builtErr = admin.Exec(context.Background(), "create database psql_project"); builtErr != nil {
			return
		}
		builtURL = pgtest.Cluster().URL("psql_project")
		conn := pgtest.Connect(t, builtURL)
		_, builtErr = build.Rebuild(context.Background(), conn, p, build.Options{Stdout: io.Discard})
	})
	require.NoError(t, builtErr)
	return builtURL, root
}

// psqlAs runs thick psql with args and -X (no psqlrc) -At, VERBOSITY
// verbose so errors carry their SQLSTATE.
func psqlAs(t *testing.T, url, root string, args ...string) (int, string, string) {
	t.Helper()
	return runCmd(Psql, append([]string{"--db", url, "--root", root, "-X", "-At", "-v", "VERBOSITY=verbose"}, args...)...)
}

func TestPsqlAs(t *testing.T) {
	t.Parallel()
	url, root := projectDB(t)
	conn := pgtest.Connect(t, url)
	ctx := context.Background()
	var own, all int
	var uid string
	require.NoError(t, conn.QueryRow(ctx, "select id::text from core.users where email = 'client1@crm.demo'").Scan(&uid))
	require.NoError(t, conn.QueryRow(ctx, `
		select count(*) from crm.accounts as a
		join crm.clients as c on c.id = a.client_id
		join core.users as u on u.id = c.user_id
		where u.email = 'client1@crm.demo'`).Scan(&own))
	require.NoError(t, conn.QueryRow(ctx, "select count(*) from crm.accounts").Scan(&all))
	require.Positive(t, own)
	require.Greater(t, all, own, "others' accounts exist, so a count of own is not all")

	// exactly client1's accounts, through the API view
	code, out, errOut := psqlAs(t, url, root, "--as", "client1@crm.demo", "-c", "select count(*) from crm_api.accounts")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, strconv.Itoa(own)+"\n", out)

	// every statement of the session, not just the first; the claims as login signs them
	code, out, errOut = psqlAs(t, url, root, "--as", "CLIENT1@crm.demo",
		"-c", "select current_user", "-c", "select core.current_user_id()",
		"-c", "select string_agg(k, ',' order by k) from jsonb_object_keys(current_setting('request.jwt.claims')::jsonb) as k")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "crm_client\n"+uid+"\napp,email,exp,iat,role,sub\n", out)

	// the same user reading a base table: 42501
	code, out, errOut = psqlAs(t, url, root, "--as", "client1@crm.demo", "-c", "select count(*) from crm.accounts")
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "ERROR:  42501:")

	// a manager sees more than client1 (the positive control of what a role sees)
	code, out, errOut = psqlAs(t, url, root, "--as", "manager@crm.demo", "-c", "select count(*) > "+strconv.Itoa(own)+" from crm_api.accounts")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "t\n", out)
}

func TestPsqlAnon(t *testing.T) {
	t.Parallel()
	url, root := projectDB(t)
	// anon may not call review_kyc: 42501
	code, out, errOut := psqlAs(t, url, root, "--anon", "-c", "select crm_api.review_kyc(gen_random_uuid(), true)")
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "ERROR:  42501:")
	// and anon is what it runs as, with no claims: no user
	code, out, errOut = psqlAs(t, url, root, "--anon", "-c", "select current_user, core.current_user_id() is null")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "anon|t\n", out)
	// anon may not read the accounts client1 reads (TestPsqlAs)
	code, out, errOut = psqlAs(t, url, root, "--anon", "-c", "select count(*) from crm_api.accounts")
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "ERROR:  42501:")
}

func TestPsqlAsRefusals(t *testing.T) {
	t.Parallel()
	url, root := projectDB(t)
	// an unknown e-mail fails before psql starts: the -c never runs
	code, out, errOut := psqlAs(t, url, root, "--as", "nobody@crm.demo", "-c", "select 'psql ran'")
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "thick psql: no user nobody@crm.demo in ")

	code, _, errOut = psqlAs(t, url, root, "--as", "a@b", "--anon", "-c", "select 1")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "exclude each other")

	// an inactive user is refused too (a database of its own: only what the
	// look-up reads)
	db := pgtest.NewDB(t, "")
	conn := pgtest.Connect(t, db)
	_, err := conn.Exec(context.Background(), `
		create schema core;
		create table core.users (id uuid primary key default gen_random_uuid(), role text, email text, app text, is_active boolean);
		insert into core.users (role, email, app, is_active) values ('crm_client', 'gone@crm.demo', 'crm', false), ('crm_manager', 'boss@crm.demo', 'crm', true)`)
	require.NoError(t, err)
	code, out, errOut = psqlAs(t, db, root, "--as", "gone@crm.demo", "-c", "select 'psql ran'")
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "thick psql: user gone@crm.demo is inactive")

	// a database marked production is refused, before the look-up
	require.NoError(t, marker.Set(context.Background(), conn, marker.Production))
	for _, as := range [][]string{{"--as", "boss@crm.demo"}, {"--anon"}} {
		code, out, errOut = psqlAs(t, db, root, append(as, "-c", "select 'psql ran'")...)
		require.Equal(t, 1, code)
		require.Empty(t, out)
		require.Contains(t, errOut, "is marked production")
	}
	// and the same database marked development lets boss in
	require.NoError(t, marker.Set(context.Background(), conn, marker.Development))
	code, out, errOut = psqlAs(t, db, root, "--as", "boss@crm.demo", "-c", "select current_user")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "crm_manager\n", out)
}

// The project psqlrc is loaded after the user's own, never instead of it,
// and the prompt names the user and the role. Not parallel: it sets PSQLRC.
func TestPsqlProjectRC(t *testing.T) {
	url, root := projectDB(t)
	user := filepath.Join(t.TempDir(), "psqlrc")
	require.NoError(t, os.WriteFile(user, []byte("\\set mine 'from my own psqlrc'\n\\pset null 'mine'\n"), 0o644))
	t.Setenv("PSQLRC", user)
	cmd := func(args ...string) (int, string, string) {
		return runCmd(Psql, append([]string{"--db", url, "--root", root}, args...)...)
	}
	code, out, errOut := cmd("--as", "client1@crm.demo", "-At", "-c", `\echo :mine`, "-c", `\echo :PROMPT1`, "-c", `\pset null`, "-c", `\echo :ON_ERROR_ROLLBACK :thick_as`)
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(out, "\n")
	require.Equal(t, `Null display is "mine".`, lines[0], "the user's psqlrc ran first: %s", out)
	require.Equal(t, "from my own psqlrc", lines[1], out)
	require.Equal(t, "%/ %:thick_as:%R%# ", lines[2])
	require.Contains(t, out, `Null display is "∅".`, "the project's psqlrc comes after the user's")
	require.Contains(t, out, "interactive client1@crm.demo (crm_client)\n")
	// without --as the prompt names the login role
	code, out, errOut = cmd("-At", "-c", `\echo :PROMPT1`)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "%/ %n%R%# \n")
	// -X loads neither
	code, out, errOut = cmd("-X", "-At", "-c", `\echo :mine`)
	require.Equal(t, 0, code, errOut)
	require.Equal(t, ":mine\n", out)
}
