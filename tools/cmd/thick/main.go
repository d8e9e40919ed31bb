// Command thick builds, tests and watches the thick database.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"thick/tools/internal/bench"
	"thick/tools/internal/cli"
	"thick/tools/internal/lint"
	"thick/tools/internal/mutate"
	"thick/tools/internal/replica"
	"thick/tools/internal/testrun"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: thick <command> [flags]

commands:
  rebuild   drop the project's schemas and run 0_tables..8_seed in one transaction
  test      run every pgTAP suite against a throwaway Postgres
            (--replica: prove the read API on a streaming hot standby instead)
  lint      plpgsql_check over every PL/pgSQL function of the build
  watch     rebuild on every save of a SQL file (--test to run the suites too)
  psql      open psql on the development database (--as EMAIL, --anon: as a request would)
  stop      stop the embedded development cluster under .thick/
  mark      mark the target database as development or production
  url       print the connection URL of the development database
  bench     run the benchmarks and print ratios
  mutate    mutation testing: would the suites notice each rule's removal?
  dump      write every object of a database to DIR/schema/kind/name.sql
  verify    compare a database with a fresh build of the files (exit 1 on drift)
  deploy    migrate a database that holds data and recreate its code, verified, in one transaction
  migration new NAME   create the next file of migrations/
  verify-migrations    deploy the working tree onto the release at --from REF (default HEAD) with its seed
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "rebuild":
		return cli.Rebuild(ctx, rest, stdout, stderr)
	case "watch":
		return cli.Watch(ctx, rest, stdout, stderr)
	case "psql":
		return cli.Psql(ctx, rest, stdout, stderr)
	case "stop":
		return cli.Stop(ctx, rest, stdout, stderr)
	case "mark":
		return cli.Mark(ctx, rest, stdout, stderr)
	case "url":
		return cli.URL(ctx, rest, stdout, stderr)
	case "test":
		if hasFlag(rest, "replica") {
			return replica.Command(ctx, rest, stdout, stderr)
		}
		return testrun.Command(ctx, rest, stdout, stderr)
	case "lint":
		return lint.Command(ctx, rest, stdout, stderr)
	case "bench":
		return bench.Command(ctx, rest, stdout, stderr)
	case "mutate":
		return mutate.Command(ctx, rest, stdout, stderr)
	case "dump":
		return cli.Dump(ctx, rest, stdout, stderr)
	case "verify":
		return cli.Verify(ctx, rest, stdout, stderr)
	case "deploy":
		return cli.Deploy(ctx, rest, stdout, stderr)
	case "migration":
		return cli.Migration(ctx, rest, stdout, stderr)
	case "verify-migrations":
		return cli.VerifyMigrations(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "thick: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}

// hasFlag reports whether args hold -name or --name (alone or =true).
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		switch a {
		case "-" + name, "--" + name, "-" + name + "=true", "--" + name + "=true":
			return true
		}
	}
	return false
}
