package testrun

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// listQuoteGUCs are the settings whose value is a list of quoted items
// (pg_dump's variable_is_guc_list_quote): they are copied item by item.
var listQuoteGUCs = map[string]bool{
	"local_preload_libraries":   true,
	"search_path":               true,
	"session_preload_libraries": true,
	"shared_preload_libraries":  true,
	"temp_tablespaces":          true,
	"unix_socket_directories":   true,
}

// cloneDatabase creates db from the template and copies the template's
// database-level settings (ALTER DATABASE ... SET and ALTER ROLE ... IN
// DATABASE ... SET), which CREATE DATABASE does not carry over.
//
// From PostgreSQL 15 on, the clone copies the template's files (strategy
// file_copy) rather than writing every block of it through the WAL (the
// default, wal_log): on this project's 40 MB template about 0.2 s against
// 0.45 s, and less CPU taken from the files running beside a commit file's
// clone. file_copy's checkpoints cost little on thick's servers (fsync off);
// on another server they cost a checkpoint, as every clone did before 15.
func cloneDatabase(ctx context.Context, admin *pgx.Conn, template, db string) error {
	waitUnused(ctx, admin, template, time.Second)
	strategy := ""
	if serverVersionNum(admin) >= 150000 {
		strategy = " strategy = file_copy"
	}
	if _, err := admin.Exec(ctx, fmt.Sprintf("create database %s template %s%s",
		pgx.Identifier{db}.Sanitize(), pgx.Identifier{template}.Sanitize(), strategy)); err != nil {
		return fmt.Errorf("clone %s: %w", db, err)
	}
	stmts, err := settingStatements(ctx, admin, template, db)
	if err != nil {
		return fmt.Errorf("clone %s: %w", db, err)
	}
	for _, s := range stmts {
		if _, err := admin.Exec(ctx, s); err != nil {
			return fmt.Errorf("clone %s: %s: %w", db, s, err)
		}
	}
	return nil
}

// serverVersionNum is the server's version as server_version_num reads it
// (150004 for 15.4), from the version the server reported at connection.
func serverVersionNum(admin *pgx.Conn) int {
	return parseServerVersion(admin.PgConn().ParameterStatus("server_version"))
}

// parseServerVersion reads a server_version ("15.4", "15.4 (Debian
// 15.4-1.pgdg120+1)", "16beta1") as server_version_num does (0 when it
// starts with no number).
func parseServerVersion(v string) int {
	digits := func(s string) (int, string) {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		v, _ := strconv.Atoi(s[:n])
		return v, s[n:]
	}
	major, rest := digits(v)
	minor := 0
	if strings.HasPrefix(rest, ".") {
		minor, _ = digits(rest[1:])
	}
	return major*10000 + minor
}

// settingStatements reads the template's rows of pg_db_role_setting and
// returns the statements that give db the same settings.
func settingStatements(ctx context.Context, admin *pgx.Conn, template, db string) ([]string, error) {
	rows, err := admin.Query(ctx, `
		select coalesce(r.rolname, ''),
		       s.setconfig
		  from pg_catalog.pg_db_role_setting as s
		  join pg_catalog.pg_database as d
		    on d.oid = s.setdatabase
		  left join pg_catalog.pg_roles as r
		    on r.oid = s.setrole
		 where d.datname = $1
		 order by 1`, template)
	if err != nil {
		return nil, fmt.Errorf("read settings of %s: %w", template, err)
	}
	var out []string
	for rows.Next() {
		var role string
		var config []string
		if err := rows.Scan(&role, &config); err != nil {
			return nil, fmt.Errorf("read settings of %s: %w", template, err)
		}
		target := "database " + pgx.Identifier{db}.Sanitize()
		if role != "" {
			target = "role " + pgx.Identifier{role}.Sanitize() + " in " + target
		}
		for _, c := range config {
			name, value, ok := strings.Cut(c, "=")
			if !ok {
				continue
			}
			out = append(out, fmt.Sprintf("alter %s set %s = %s", target, name, settingValue(name, value)))
		}
	}
	return out, rows.Err()
}

// settingValue renders a stored setting as SQL, the way pg_dump does: list
// settings item by item, everything else as one string literal.
func settingValue(name, value string) string {
	if !listQuoteGUCs[strings.ToLower(name)] {
		return quoteLiteral(value)
	}
	items := splitGUCList(value)
	if len(items) == 0 {
		return "''"
	}
	for i, it := range items {
		items[i] = quoteLiteral(it)
	}
	return strings.Join(items, ", ")
}

// splitGUCList splits a flattened list setting (`"$user", public, "a""b"`)
// into its items, unquoting double-quoted ones.
func splitGUCList(s string) []string {
	var out []string
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			return out
		}
		var b strings.Builder
		if s[i] == '"' {
			i++
			for i < len(s) {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
		} else {
			for i < len(s) && s[i] != ',' {
				b.WriteByte(s[i])
				i++
			}
		}
		out = append(out, strings.TrimSpace(b.String()))
		for i < len(s) && s[i] != ',' {
			i++
		}
		if i < len(s) {
			i++ // the comma
		}
	}
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// renameDatabase renames database from to to (nobody may be connected to it).
func renameDatabase(ctx context.Context, admin *pgx.Conn, from, to string) error {
	waitUnused(ctx, admin, from, time.Second)
	_, err := admin.Exec(ctx, fmt.Sprintf("alter database %s rename to %s",
		pgx.Identifier{from}.Sanitize(), pgx.Identifier{to}.Sanitize()))
	return err
}

// commentDatabase sets the comment of database db to text.
func commentDatabase(ctx context.Context, admin *pgx.Conn, db, text string) error {
	_, err := admin.Exec(ctx, fmt.Sprintf("comment on database %s is %s", pgx.Identifier{db}.Sanitize(), quoteLiteral(text)))
	return err
}

// dropDatabase drops db, disconnecting whoever is still on it.
func dropDatabase(ctx context.Context, admin *pgx.Conn, db string) error {
	if _, err := admin.Exec(ctx, "drop database if exists "+pgx.Identifier{db}.Sanitize()+" with (force)"); err != nil {
		return fmt.Errorf("drop %s: %w", db, err)
	}
	return nil
}

// waitUnused waits, at most for limit, until no other session is connected
// to db, and says whether none is. Renaming a database or cloning it needs
// it alone. The server checks that itself, but looks again only every
// 100 ms, and the sessions a run has just closed take a millisecond or two
// to leave: without this wait, a run often ended 100 ms after its last
// file. Autovacuum is not waited for (the server cancels it for both).
func waitUnused(ctx context.Context, admin *pgx.Conn, db string, limit time.Duration) bool {
	return waitLeft(ctx, admin, db, 0, 0, false, limit)
}

// idleHelper is the condition on pg_stat_activity of a test helpers'
// session (application_name 'tests <name>') waiting idle outside any
// transaction: a second session tests.close_second_session kept for the
// next file.
const idleHelper = `state = 'idle' and backend_xid is null and backend_xmin is null and application_name like 'tests %'`

// endIdleHelpers ends the test helpers' idle sessions on db (kept for a
// next file that will not come).
func endIdleHelpers(ctx context.Context, admin *pgx.Conn, db string) {
	_, _ = admin.Exec(ctx, `select pg_catalog.pg_terminate_backend(pid) from pg_catalog.pg_stat_activity
		where datname = $1 and `+idleHelper, db)
}

// waitLeft waits, at most for limit, until no session that connected to db
// at or after since (microseconds of the Unix epoch by the server's clock;
// 0: whenever) is left but admin's own and the one of process except (0:
// none), and says whether none is. Autovacuum is not waited for. With
// keptHelpers, a test helpers' idle session (idleHelper) does not count.
func waitLeft(ctx context.Context, admin *pgx.Conn, db string, since int64, except uint32, keptHelpers bool, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for {
		var others int
		err := admin.QueryRow(ctx, `select pg_catalog.count(*)::int from pg_catalog.pg_stat_activity
			where datname = $1 and pid <> pg_catalog.pg_backend_pid() and pid <> $3 and backend_type <> 'autovacuum worker'
			  and ($2::bigint = 0 or (extract(epoch from backend_start) * 1000000)::bigint >= $2::bigint)
			  and not ($4 and `+idleHelper+`)`, db, since, int64(except), keptHelpers).Scan(&others)
		if err != nil || others == 0 {
			return err == nil
		}
		if !time.Now().Before(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
}
