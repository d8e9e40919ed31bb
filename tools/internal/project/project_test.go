package project

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

func TestLoadOrder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := []string{
		"8_seed/a.sql",
		"3_functions/crm/a.sql",
		"3_functions/core/010_x.sql",
		"3_functions/core/002_y.sql",
		"3_functions/a_top.sql",
		"0_tables/core/010_schema.sql",
		"0_tables/crm/001_x.sql",
		"2_views/crm/v.sql",
		"3_functions/core/notes.txt",
		"tests/crm/01_x.sql",
		"migrations/001.sql",
	}
	for _, f := range files {
		p := filepath.Join(dir, f)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("select 1;"), 0o644))
	}
	p, err := Load(dir)
	require.NoError(t, err)
	var got []string
	for _, f := range p.Files {
		got = append(got, f.Path)
		require.Equal(t, "select 1;", f.Content)
	}
	require.Equal(t, []string{
		"0_tables/core/010_schema.sql",
		"0_tables/crm/001_x.sql",
		"2_views/crm/v.sql",
		"3_functions/a_top.sql",
		"3_functions/core/002_y.sql",
		"3_functions/core/010_x.sql",
		"3_functions/crm/a.sql",
		"8_seed/a.sql",
	}, got)
	require.Equal(t, "3_functions", p.File("3_functions/crm/a.sql").Folder)
	require.Len(t, p.FolderFiles("3_functions"), 4)
	require.Equal(t, dir, p.Root)
}

func TestSchemas(t *testing.T) {
	t.Parallel()
	p, err := LoadFS(fstest.MapFS{
		"0_tables/core/000_schema.sql": {Data: []byte("-- core\ncreate schema core;\ncomment on schema core is 'x';\nCREATE SCHEMA IF NOT EXISTS Crm;")},
		"2_views/crm/000_schema.sql":   {Data: []byte("create schema crm_api authorization postgres;\ncreate schema \"Odd\"\"Name\";")},
		"3_functions/x.sql":            {Data: []byte("create function f() returns void language plpgsql as $$ begin execute 'create schema nope'; end $$;\ncreate schema core;")},
	})
	require.NoError(t, err)
	require.Equal(t, []string{"core", "crm", "crm_api", `Odd"Name`}, p.Schemas())
}

func TestPreflight(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		src  string
		want []string // "line: prefix of message"
	}{
		{"clean", "create table t (a int);\ncreate function f() returns void language plpgsql as $$\nbegin\n  commit;\nend\n$$;\n", nil},
		{"begin atomic body", "create function f() returns int language sql\nbegin atomic\n  select 1;\nend;\n", nil},
		{"meta-command", "select 1;\n\\i other.sql\n  \\set x 1\n", []string{`2: psql meta-command \i`, `3: psql meta-command \set`}},
		{"statement after a meta-command", "\\connect other\nvacuum;\n", []string{`1: psql meta-command \connect`, `2: "vacuum"`}},
		{"backslash inside literals is fine", "select E'\n\\x';\ndo $$\n\\y\n$$;\n/*\n\\z\n*/\n", nil},
		{"begin and commit", "begin;\ncreate table t (a int);\ncommit;\n", []string{`1: "begin"`, `3: "commit"`}},
		{"start transaction", "START TRANSACTION isolation level serializable;\nselect 1;\nend;", []string{`1: "start transaction"`, `3: "end"`}},
		{"rollback", "\n\nrollback;", []string{`3: "rollback"`}},
		{"concurrently", "create index concurrently i on t (a);\ncreate unique index concurrently j on t (a);\ndrop index concurrently i;\nreindex table concurrently t;\nreindex (verbose) index concurrently i;",
			[]string{`1: "create index concurrently"`, `2: "create index concurrently"`, `3: "drop index concurrently"`, `4: "reindex concurrently"`, `5: "reindex concurrently"`}},
		{"plain index", "create index i on t (a);\ndrop index i;\nreindex table t;", nil},
		{"vacuum database system", "vacuum analyze t;\ncreate database x;\nalter system set work_mem = '1MB';\n",
			[]string{`1: "vacuum"`, `2: "create database"`, `3: "alter system"`}},
		{"commented out", "-- begin;\n/* vacuum; */\nselect 'commit';", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			probs := CheckFile("x.sql", tc.src)
			require.Len(t, probs, len(tc.want), "%v", probs)
			for i, w := range tc.want {
				require.Contains(t, probs[i].String(), "x.sql:"+w)
			}
		})
	}
}

func TestPreflightError(t *testing.T) {
	t.Parallel()
	p, err := LoadFS(fstest.MapFS{
		"0_tables/a.sql":   {Data: []byte("create table t (a int);")},
		"6_security/b.sql": {Data: []byte("select 1;\nbegin;")},
	})
	require.NoError(t, err)
	err = p.Preflight()
	var pe *PreflightError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, `6_security/b.sql:2: "begin": the build runs in one transaction; remove the transaction control`, err.Error())
}
